package dev.realtimelab.live;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /sse/clock}: a {@code tick} event every second carrying the server time, and after
 * every fifth tick a {@code stats} event whose data spans several lines. The demos sse-clock
 * and sse-raw read it, one with EventSource, the other as raw text.
 *
 * <p>One timer thread ticks every open clock; a client costs a small object and its queue,
 * not a thread. A clock has nothing worth replaying, so it ignores {@code Last-Event-ID}.
 */
public final class ClockFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClockFeed.class);
    /** More clocks than this answer 503: a bound on what one course server will hold open. */
    static final int MAX_CLOCKS = 256;
    static final int STATS_EVERY = 5;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final EventStreams streams;
    private final Set<Clock> clocks = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-clock");
        t.setDaemon(true);
        return t;
    });

    /** One open clock stream and how much it has been sent. */
    private static final class Clock {
        final EventStream stream;
        long lastId;
        long ticks;

        Clock(EventStream stream) {
            this.stream = stream;
        }
    }

    public ClockFeed(EventStreams streams) {
        this.streams = streams;
        // Tick on the whole second, so two readers of the clock see the same times.
        long untilNextSecond = 1000 - System.currentTimeMillis() % 1000;
        timer.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("clock tick failed", e); // an escaped exception would stop every future tick
            }
        }, untilNextSecond, 1000, TimeUnit.MILLISECONDS);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/sse/clock", this::subscribe);
        config.events.serverStopping(this::close);
    }

    // region subscribe
    private void subscribe(Context ctx) {
        if (clocks.size() >= MAX_CLOCKS) {
            // Any status but 200 makes EventSource give up for good, which is what we want here.
            ctx.status(503).result("Too many clock streams are open on this server; try again later.");
            return;
        }
        EventStream stream = streams.open(ctx, () -> {}); // tick() forgets closed streams
        stream.comment("clock: a tick every second, stats every " + STATS_EVERY + "th");
        stream.retry(3000);
        clocks.add(new Clock(stream));
    }
    // endregion

    // region tick
    private void tick() {
        String now = LocalTime.now().format(TIME);
        for (Clock clock : clocks) {
            clock.stream.send(Long.toString(++clock.lastId), "tick", now);
            if (++clock.ticks % STATS_EVERY == 0) {
                // A line break in the data becomes a second data: line on the wire.
                clock.stream.send(Long.toString(++clock.lastId), "stats",
                        "ticks on this stream: " + clock.ticks + "\nclock streams open on the server: " + clocks.size());
            }
        }
        clocks.removeIf(clock -> !clock.stream.isOpen());
    }
    // endregion

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
