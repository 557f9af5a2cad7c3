package dev.realtimelab.live.transport;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one client's queue on one of the app's writer threads. Whoever publishes only queues
 * and calls {@link #request}; a writer then sends everything that client has waiting in one
 * write. When the writers fall behind, messages pile up and leave together, so each costs less
 * (one system call instead of several): under load the server batches by itself, and when it
 * is quiet every message leaves alone, at once.
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

    private final Runnable drain;
    private final AtomicBoolean requested = new AtomicBoolean();

    /** {@code drain} writes what is queued without ever blocking; it may be asked when nothing is. */
    public Flusher(Runnable drain) {
        this.drain = drain;
    }

    /** Set while this thread runs a drain: a write that completes at once must not start another inside it. */
    private static final ThreadLocal<Boolean> DRAINING = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code drain} on this thread now, as a room's publisher does for every member: one
     * thread writes the whole fan-out in one pass, with no task and no hand-over per member.
     * Writes never block, so a slow client only queues. Inside a drain already running on this
     * thread (a completion that came back at once), a writer does it instead.
     */
    public void drainNow() {
        if (DRAINING.get()) {
            request();
            return;
        }
        DRAINING.set(true);
        try {
            drain.run();
        } finally {
            DRAINING.set(false);
        }
    }

    /** Has {@code drain} run soon on a writer thread; asking again before it starts costs nothing. */
    public void request() {
        if (requested.compareAndSet(false, true)) {
            WRITERS.execute(() -> {
                requested.set(false); // first, so what is queued during the drain asks again
                DRAINING.set(true);
                try {
                    drain.run();
                } finally {
                    DRAINING.set(false);
                }
            });
        }
    }
}
