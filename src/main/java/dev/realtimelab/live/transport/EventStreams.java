package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Staggered;
import dev.realtimelab.live.hub.Ticker;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * Opens every event stream of the app, sends each a keep-alive comment every 15 s (proxies
 * often drop a connection that is silent for a minute), and closes them all at shutdown.
 */
public final class EventStreams implements AutoCloseable {
    static final long KEEP_ALIVE_SECONDS = 15;
    /** Events a client may fall behind before it is cut off. */
    public static final int DEFAULT_CAPACITY = 1024;

    /** Every open stream, each with its own moment for its keep-alive. */
    private final Staggered<EventStream> keepAlive;

    public EventStreams(Ticker ticker) {
        this(ticker, Duration.ofSeconds(KEEP_ALIVE_SECONDS));
    }

    /** With another keep-alive interval. */
    public EventStreams(Ticker ticker, Duration keepAlive) {
        this.keepAlive = new Staggered<>(ticker, keepAlive, stream -> stream.comment("keep-alive"));
    }

    /** Starts a stream on {@code ctx}; {@code onClose} runs once when it ends, for any reason. */
    public EventStream open(Context ctx, Runnable onClose) {
        return open(ctx, DEFAULT_CAPACITY, onClose);
    }

    public EventStream open(Context ctx, int capacity, Runnable onClose) {
        EventStream[] self = new EventStream[1];
        self[0] = EventStream.open(ctx, capacity, () -> {
            keepAlive.remove(self[0]);
            onClose.run();
        });
        keepAlive.add(self[0]);
        return self[0];
    }

    /**
     * Opens {@code ctx} as the event stream of a new member of {@code room}: it leaves the room
     * when the stream ends, for any reason ("too slow" when it fell too far behind). Write what
     * comes before the room's events (retry, a comment) to {@code member.stream()}, then join.
     */
    public EventStreamSubscriber member(Context ctx, Hub hub, String room, String name, boolean wantsPresence, int capacity) {
        EventStreamSubscriber member = new EventStreamSubscriber(name, wantsPresence);
        member.attach(open(ctx, capacity, () -> hub.leave(room, member, member.wasCutOff() ? "too slow" : null)));
        return member;
    }

    /** The same with the default queue capacity. */
    public EventStreamSubscriber member(Context ctx, Hub hub, String room, String name, boolean wantsPresence) {
        return member(ctx, hub, room, name, wantsPresence, DEFAULT_CAPACITY);
    }

    @Override
    public void close() {
        keepAlive.close();
        keepAlive.forEach(EventStream::close);
    }
}
