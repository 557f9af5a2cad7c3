package dev.realtimelab.grading;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one warm worker JVM ready. A worker that timed out, died, left threads running, or has
 * graded many times is killed, and its replacement starts at once in the background, so the
 * next grading rarely waits for a JVM to start.
 */
final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** Old class loaders and whatever graders leave behind add up; a fresh JVM costs ~1 s. */
    static final int MAX_GRADINGS_PER_WORKER = 50;
    private static final long START_TIMEOUT_MILLIS = 60_000;

    /** The worker JVM could not be started or never became ready. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final List<String> command;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "grading-worker-starter");
        t.setDaemon(true);
        return t;
    });
    private WorkerJvm idle;
    private WorkerJvm inUse;
    private boolean inUseRetired;
    private CompletableFuture<WorkerJvm> starting;
    private boolean closed;

    WorkerPool(List<String> command) {
        this.command = command;
    }

    /** Starts a worker in the background if none is ready or starting. */
    synchronized void prestart() {
        if (closed || idle != null || starting != null) {
            return;
        }
        starting = CompletableFuture.supplyAsync(this::startReady, starter);
    }

    /** A ready worker for one grading; hand it back with {@link #release} or {@link #discard}. */
    WorkerJvm take() throws Unavailable, InterruptedException {
        CompletableFuture<WorkerJvm> pending;
        synchronized (this) {
            if (idle != null && idle.isAlive()) {
                inUse = idle;
                idle = null;
                inUseRetired = false;
                return inUse;
            }
            idle = null;
            prestart();
            pending = starting;
        }
        try {
            WorkerJvm worker = pending.get(START_TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
            synchronized (this) {
                if (starting == pending) {
                    starting = null;
                }
                inUse = worker;
                inUseRetired = false;
            }
            return worker;
        } catch (ExecutionException e) {
            synchronized (this) {
                if (starting == pending) {
                    starting = null;
                }
            }
            throw new Unavailable(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Unavailable("the grading JVM did not start within " + START_TIMEOUT_MILLIS / 1000 + " s");
        }
    }

    /** The grading went fine: keep the worker warm for the next one, unless it is worn out. */
    void release(WorkerJvm worker) {
        boolean keep;
        synchronized (this) {
            keep = !closed && !inUseRetired && worker.isAlive() && worker.gradings() < MAX_GRADINGS_PER_WORKER;
            inUse = null;
            if (keep) {
                idle = worker;
            }
        }
        if (!keep) {
            discard(worker);
        }
    }

    /** Kills the worker (timed out, died, worn out) and starts its replacement. */
    void discard(WorkerJvm worker) {
        synchronized (this) {
            if (inUse == worker) {
                inUse = null;
            }
            if (idle == worker) {
                idle = null;
            }
        }
        worker.kill();
        prestart();
    }

    /** The worker reported threads a grading left running: replace it once it is free. */
    private void retire(WorkerJvm worker, String threads) {
        boolean killNow;
        synchronized (this) {
            killNow = idle == worker;
            if (inUse == worker) {
                inUseRetired = true;
            }
        }
        if (killNow) {
            LOG.info("grading worker {} kept threads of a finished grading running ({}): replacing it", worker.pid(), threads);
            discard(worker);
        }
    }

    private WorkerJvm startReady() {
        WorkerJvm[] self = new WorkerJvm[1];
        try {
            self[0] = WorkerJvm.start(command, threads -> retire(self[0], threads));
            if (!self[0].awaitReady(START_TIMEOUT_MILLIS)) {
                String err = self[0].stderrTail();
                self[0].kill();
                throw new IllegalStateException("the grading JVM did not become ready"
                        + (err.isEmpty() ? "" : ": " + err));
            }
            synchronized (this) {
                if (closed) {
                    self[0].close();
                }
            }
            return self[0];
        } catch (IOException e) {
            throw new IllegalStateException("the grading JVM could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (self[0] != null) {
                self[0].kill();
            }
            throw new IllegalStateException("interrupted while starting the grading JVM");
        }
    }

    @Override
    public void close() {
        CompletableFuture<WorkerJvm> pending;
        synchronized (this) {
            closed = true;
            if (idle != null) {
                idle.close();
                idle = null;
            }
            if (inUse != null) {
                inUse.close();
                inUse = null;
            }
            pending = starting;
        }
        if (pending != null) {
            pending.thenAccept(WorkerJvm::close);
        }
        starter.shutdownNow();
    }
}
