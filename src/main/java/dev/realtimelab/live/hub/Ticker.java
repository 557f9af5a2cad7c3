package dev.realtimelab.live.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's one scheduler: every tick, keep-alive, sweep and deadline of the app runs on its one
 * thread. Time is read from a {@link Clock}, so a test can move time forward instead of sleeping
 * (move its clock, then {@link #runDue()}). A task that throws is logged and keeps its schedule:
 * one bad run never silently stops a keep-alive or a feed. Tasks must be short and never block.
 */
public final class Ticker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);
    /** The longest the thread sleeps without looking at the clock again: a test clock may jump. */
    private static final long LONGEST_NAP_MILLIS = 1000;

    private final Clock clock;
    private final PriorityQueue<Task> due = new PriorityQueue<>(); // guarded by this
    private final AtomicLong order = new AtomicLong();
    private final Thread thread;
    private boolean closed; // guarded by this

    public Ticker(Clock clock) {
        this.clock = clock;
        this.thread = new Thread(this::loop, "ticker");
        thread.setDaemon(true);
        thread.start();
    }

    /** A ticker on the system clock. */
    public static Ticker system() {
        return new Ticker(Clock.systemUTC());
    }

    /** A scheduled task; {@link #cancel} stops it (a run already started finishes). */
    public final class Task implements Comparable<Task> {
        private final Runnable action;
        private final long periodMillis; // 0: once
        private final long order;
        private long dueAt;
        private volatile boolean cancelled;

        private Task(Runnable action, long dueAt, long periodMillis) {
            this.action = action;
            this.dueAt = dueAt;
            this.periodMillis = periodMillis;
            this.order = Ticker.this.order.incrementAndGet();
        }

        public void cancel() {
            cancelled = true;
            synchronized (Ticker.this) {
                due.remove(this);
            }
        }

        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueAt, other.dueAt);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

    public Clock clock() {
        return clock;
    }

    /** Now, in milliseconds since the epoch, by this ticker's clock. */
    public long millis() {
        return clock.millis();
    }

    /** Runs {@code action} once, {@code delay} from now. */
    public Task after(Duration delay, Runnable action) {
        return add(new Task(action, millis() + delay.toMillis(), 0));
    }

    /** Runs {@code action} every {@code period}, the first time one period from now. */
    public Task every(Duration period, Runnable action) {
        return every(period, period, action);
    }

    /**
     * Runs {@code action} every {@code period} from {@code first} on. When the clock jumps (a
     * sleeping laptop, a test) the runs that were missed are skipped, not run in a burst.
     */
    public Task every(Duration first, Duration period, Runnable action) {
        if (period.toMillis() <= 0) {
            throw new IllegalArgumentException("a period must be at least 1 ms: " + period);
        }
        return add(new Task(action, millis() + first.toMillis(), period.toMillis()));
    }

    private Task add(Task task) {
        synchronized (this) {
            if (!closed) {
                due.add(task);
                notifyAll();
            }
        }
        return task;
    }

    /**
     * Runs every task that is due by the clock now, and returns when they have run: a test
     * moves its clock forward and calls this instead of sleeping.
     */
    public void runDue() {
        CountDownLatch reached = new CountDownLatch(1);
        add(new Task(reached::countDown, millis(), 0));
        try {
            if (!reached.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the ticker did not catch up within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            Task task;
            synchronized (this) {
                while (true) {
                    if (closed) {
                        return;
                    }
                    Task first = due.peek();
                    long wait = first == null ? LONGEST_NAP_MILLIS : first.dueAt - clock.millis();
                    if (first != null && wait <= 0) {
                        task = due.poll();
                        break;
                    }
                    try {
                        wait(Math.min(wait, LONGEST_NAP_MILLIS));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (task.cancelled) {
                continue;
            }
            try {
                task.action.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("a scheduled task failed; it keeps its schedule", e);
            }
            if (task.periodMillis > 0 && !task.cancelled) {
                long now = clock.millis();
                task.dueAt += task.periodMillis;
                if (task.dueAt <= now) {
                    task.dueAt = now + task.periodMillis; // missed runs are skipped
                }
                add(task);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            due.clear();
            notifyAll();
        }
    }
}
