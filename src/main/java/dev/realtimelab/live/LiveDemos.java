package dev.realtimelab.live;

import dev.realtimelab.live.compare.CompareExperiments;
import dev.realtimelab.live.compare.PollingEndpoints;
import dev.realtimelab.live.frames.FramesDemo;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.live.transport.SocketHeartbeat;
import dev.realtimelab.shared.Limits;
import io.javalin.config.JavalinConfig;

/**
 * The endpoints behind the lessons' live demos, and the limits every WebSocket gets. Each demo
 * registers its routes here; the origin check in front of every upgrade is wired by App.
 */
public final class LiveDemos implements AutoCloseable {
    private final Ticker ticker;
    private final Hub hub;
    private final EventStreams streams;
    private final SocketHeartbeat heartbeat;
    private final ClockFeed clockFeed;
    private final ResumableFeed resumableFeed;
    private final ResumableSocketFeed resumableSocketFeed;
    private final MetricsFeed metricsFeed;
    private final GenerateFeed generateFeed;

    /** {@code hub} and {@code streams} are the app's: the labs and the exercises publish there too. */
    public LiveDemos(Ticker ticker, Hub hub, EventStreams streams) {
        this.ticker = ticker;
        this.hub = hub;
        this.streams = streams;
        this.heartbeat = new SocketHeartbeat(ticker, Limits.PING_INTERVAL, Limits.IDLE_TIMEOUT);
        this.clockFeed = new ClockFeed(ticker, hub, streams);
        this.resumableFeed = new ResumableFeed(ticker, hub, streams);
        this.resumableSocketFeed = new ResumableSocketFeed(ticker, hub);
        this.metricsFeed = new MetricsFeed(ticker, hub, streams);
        this.generateFeed = new GenerateFeed(ticker, hub, streams);
    }

    /** The app's one hub: the workshop's channels are rooms of it, under names no public endpoint accepts. */
    public Hub hub() {
        return hub;
    }

    public void register(JavalinConfig config) {
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(Limits.MAX_MESSAGE_BYTES);
            factory.setMaxBinaryMessageSize(Limits.MAX_MESSAGE_BYTES);
            // Jetty counts the server's own writes (pings included) as activity: the heartbeat
            // below closes sockets that send nothing back; this is the backstop for the rest.
            factory.setIdleTimeout(Limits.IDLE_TIMEOUT);
        });
        heartbeat.register(config);
        new EchoSocket().register(config);
        new HandshakeInspector().register(config);
        new FramesDemo().register(config);
        clockFeed.register(config);
        new ParsingSample().register(config);
        resumableFeed.register(config);
        new RoomEndpoints(hub, streams, ticker).register(config);
        resumableSocketFeed.register(config);
        new PollingEndpoints(hub, ticker).register(config);
        new CompareExperiments(hub, ticker).register(config);
        metricsFeed.register(config);
        generateFeed.register(config);
    }

    @Override
    public void close() {
        heartbeat.close();
        clockFeed.close();
        resumableFeed.close();
        resumableSocketFeed.close();
        metricsFeed.close();
        generateFeed.close();
    }
}
