package dev.realtimelab.live;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /sse/clock}: a {@code tick} event every second carrying the server time, and after
 * every fifth tick a {@code stats} event whose data spans several lines. The demos sse-clock
 * and sse-raw read it, one with EventSource, the other as raw text.
 *
 * <p>The clock is a source like any other: it publishes into one hub room, and every open clock
 * stream is a member of that room. A client costs a small object and its queue, not a thread. A
 * clock has nothing worth replaying, so it ignores {@code Last-Event-ID}.
 */
public final class ClockFeed implements AutoCloseable {
    static final String ROOM = "feed:clock";
    /** More clocks than this answer 503: a bound on what one course server will hold open. */
    static final int MAX_CLOCKS = 256;
    static final int STATS_EVERY = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Ticker ticker;
    private final Hub hub;
    private final EventStreams streams;
    private final Ticker.Task task;

    public ClockFeed(Ticker ticker, Hub hub, EventStreams streams) {
        this.ticker = ticker;
        this.hub = hub;
        this.streams = streams;
        // Tick on the whole second, so two readers of the clock see the same times.
        long untilNextSecond = 1000 - ticker.millis() % 1000;
        this.task = ticker.every(Duration.ofMillis(untilNextSecond), Duration.ofSeconds(1), this::tick);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/sse/clock", this::subscribe);
    }

    // region subscribe
    private void subscribe(Context ctx) {
        if (hub.members(ROOM) >= MAX_CLOCKS || !hub.hasRoomFor(ROOM)) {
            // Any status but 200 makes EventSource give up for good, which is what we want here.
            ctx.status(503).result("Too many clock streams are open on this server; try again later.");
            return;
        }
        EventStreamSubscriber member = streams.member(ctx, hub, ROOM, "clock", false);
        EventStream stream = member.stream();
        stream.comment("clock: a tick every second, stats every " + STATS_EVERY + "th");
        stream.retry(3000);
        try {
            hub.join(ROOM, member, -1); // from now on, every tick of the room reaches this stream
        } catch (Hub.RoomsFullException e) {
            stream.close();
        }
    }
    // endregion

    // region tick
    /** One tick into the clock's room (nobody listening, no room, nothing sent); stats after every fifth. */
    private void tick() {
        String now = LocalTime.ofInstant(ticker.clock().instant(), ZoneId.systemDefault()).format(TIME);
        long seq = hub.publish(ROOM, "tick", id -> now);
        // The room numbers ticks and stats alike: 1-5 ticks, 6 stats, 7-11 ticks, 12 stats...
        if (seq > 0 && seq % (STATS_EVERY + 1) == STATS_EVERY) {
            long ticks = (seq + 1) / (STATS_EVERY + 1) * STATS_EVERY;
            // A line break in the data becomes a second data: line on the wire.
            String stats = "ticks so far: " + ticks + "\nclock streams open on the server: " + hub.members(ROOM);
            hub.publish(ROOM, "stats", id -> stats);
        }
    }
    // endregion

    @Override
    public void close() {
        task.cancel();
    }
}
