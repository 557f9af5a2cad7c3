package dev.realtimelab.live.transport;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one client's queue. Whoever publishes queues and calls {@link #drainNow}: while the
 * server keeps up, the publisher writes the message to every member itself, in one pass. Past
 * {@link #INLINE_BUDGET_NANOS} of writing without a pause the server is not keeping up, and the
 * rest goes to the app's writer threads, which send everything a client has waiting in one write:
 * messages pile up and leave together, so each costs less (one system call instead of several).
 * Under load the server batches by itself; when it is quiet every message leaves at once.
 */
public final class Flusher {
    /**
     * One writer for every two cores: Jetty's own threads need the rest to read, publish and
     * finish writes (with more writers on two cores, the benchmark's p99 got worse, not better).
     * FIFO, so the clients asked for first are written first.
     */
    private static final ForkJoinPool WRITERS = new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
            pool -> {
                ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                thread.setName("writer-" + thread.getPoolIndex());
                return thread;
            },
            null, true);

    /**
     * How long publishers may write without a pause before the writers take over. A fan-out to a
     * thousand members takes about 10 ms here; at five thousand members and 50 messages a second
     * the publisher alone could not keep up, and fell seconds behind as Node.js does.
     */
    static final long INLINE_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A gap this long between two writes ends a stretch of writing. */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** The stretch of publisher writing in progress, server-wide: a heuristic, so races do no harm. */
    private static volatile long writingSince;
    private static volatile long lastWrite;
    /** Set while this thread runs a drain: a write that completes at once must not start another inside it. */
    private static final ThreadLocal<Boolean> DRAINING = ThreadLocal.withInitial(() -> false);

    private final Runnable drain;
    private final AtomicBoolean requested = new AtomicBoolean();

    /** {@code drain} writes what is queued without ever blocking; it may be asked when nothing is. */
    public Flusher(Runnable drain) {
        this.drain = drain;
    }

    /**
     * Runs {@code drain} on this thread now, as a room's publisher does for every member: one
     * thread writes the fan-out in one pass, with no task and no hand-over per member. Writes
     * never block, so a slow client only queues. A writer does it instead inside a drain already
     * running on this thread (a completion that came back at once), and once publishers have
     * written for {@link #INLINE_BUDGET_NANOS} without a pause.
     */
    public void drainNow() {
        long now = System.nanoTime();
        if (now - lastWrite > PAUSE_NANOS) {
            writingSince = now;
        }
        lastWrite = now;
        if (DRAINING.get() || now - writingSince > INLINE_BUDGET_NANOS) {
            request();
            return;
        }
        try {
            drainHere();
        } finally {
            lastWrite = System.nanoTime();
        }
    }

    /** Has {@code drain} run soon on a writer thread; asking again before it starts costs nothing. */
    public void request() {
        if (requested.compareAndSet(false, true)) {
            WRITERS.execute(() -> {
                requested.set(false); // first, so what is queued during the drain asks again
                drainHere();
            });
        }
    }

    /** Runs {@code drain} on this thread, marked as draining for {@link #drainNow}'s guard. */
    private void drainHere() {
        DRAINING.set(true);
        try {
            drain.run();
        } finally {
            DRAINING.set(false);
        }
    }
}
