package dev.realtimelab.live;

import dev.realtimelab.live.frames.FramesDemo;
import dev.realtimelab.live.hub.Hub;
import io.javalin.config.JavalinConfig;
import java.time.Duration;

/**
 * The endpoints behind the lessons' live demos, and the limits every WebSocket gets. Each demo
 * registers its routes here; the origin check in front of every upgrade is wired by App.
 */
public final class LiveDemos implements AutoCloseable {
    /** The largest message a client may send; a larger one is closed with 1009 (too big). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** A WebSocket with no traffic for this long is closed by the server. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final EventStreams streams = new EventStreams();
    private final Hub hub = new Hub();
    private final ResumableSocketFeed resumableSocketFeed = new ResumableSocketFeed();

    /** The app's event streams: the verdict feed of the exercises uses them too. */
    public EventStreams streams() {
        return streams;
    }

    /** The app's one hub: the workshop's channels are rooms of it, under names no public endpoint accepts. */
    public Hub hub() {
        return hub;
    }

    public void register(JavalinConfig config) {
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            factory.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            factory.setIdleTimeout(IDLE_TIMEOUT);
        });
        new EchoSocket().register(config);
        new HandshakeInspector().register(config);
        new FramesDemo().register(config);
        new ClockFeed(streams).register(config);
        new ParsingSample().register(config);
        new ResumableFeed(streams).register(config);
        new RoomEndpoints(hub, streams).register(config);
        resumableSocketFeed.register(config);
    }

    @Override
    public void close() {
        streams.close();
        hub.close();
        resumableSocketFeed.close();
    }
}
