package dev.realtimelab.live.hub;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Does something to each of many items once a period, each at its own moment in the period
 * rather than all at once: a thousand sockets pinged in the same millisecond (and a thousand
 * pongs coming back together) hold up every message published just then, while the same pings
 * spread over the period cost nothing anyone sees. An item's first turn comes at a random point
 * within one period of being added, and then once every period. When the clock jumps (a
 * sleeping laptop, a test) every item that is due gets one turn.
 */
public final class Staggered<T> implements AutoCloseable {
    /** Turns are looked for this many times a period. */
    private static final int CHECKS_PER_PERIOD = 30;

    private final Ticker ticker;
    private final long periodMillis;
    private final Consumer<T> action;
    private final Map<T, long[]> dueAt = new ConcurrentHashMap<>();
    private final Ticker.Task task;

    /** {@code action} runs on the ticker's thread: it must be short and never block. */
    public Staggered(Ticker ticker, Duration period, Consumer<T> action) {
        this.ticker = ticker;
        this.periodMillis = period.toMillis();
        this.action = action;
        this.task = ticker.every(Duration.ofMillis(Math.max(1, periodMillis / CHECKS_PER_PERIOD)), this::runDue);
    }

    public void add(T item) {
        dueAt.putIfAbsent(item, new long[] {ticker.millis() + 1 + ThreadLocalRandom.current().nextLong(periodMillis)});
    }

    public void remove(T item) {
        dueAt.remove(item);
    }

    /** Every item added and not removed. */
    public void forEach(Consumer<T> action) {
        dueAt.keySet().forEach(action);
    }

    private void runDue() {
        long now = ticker.millis();
        dueAt.forEach((item, due) -> {
            if (due[0] <= now) {
                due[0] += ((now - due[0]) / periodMillis + 1) * periodMillis; // keeps its moment in the period
                action.accept(item);
            }
        });
    }

    /** No more turns; the items stay until they are removed. */
    @Override
    public void close() {
        task.cancel();
    }
}
