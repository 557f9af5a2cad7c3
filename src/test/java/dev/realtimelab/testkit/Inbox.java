package dev.realtimelab.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a test client received so far, with a way to wait for the next thing that matches. */
public final class Inbox<T> {
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final List<T> items = new ArrayList<>();
    private int cursor;

    public synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    public synchronized List<T> all() {
        return List.copyOf(items);
    }

    /** Forgets nothing, but the next {@link #next} only looks at what arrives from now on. */
    public synchronized void skipAll() {
        cursor = items.size();
    }

    public T next(Predicate<T> wanted, String what) {
        return next(wanted, what, WAIT);
    }

    /** The next item after the last one returned that matches, waiting up to {@code wait}. */
    public synchronized T next(Predicate<T> wanted, String what, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            while (cursor < items.size()) {
                T item = items.get(cursor++);
                if (wanted.test(item)) {
                    return item;
                }
            }
            waitUntil(deadline, () -> "waited " + wait.toSeconds() + " s for " + what + "; got " + items);
        }
    }

    /** Waits until {@code count} items match, and returns all that match (does not move the cursor). */
    public synchronized List<T> awaitCount(Predicate<T> wanted, int count, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<T> matching = items.stream().filter(wanted).toList();
            if (matching.size() >= count) {
                return matching;
            }
            waitUntil(deadline, () -> "waited " + WAIT.toSeconds() + " s for " + count + " " + what + "; got " + matching.size());
        }
    }

    /** True when any item so far matches (does not move the cursor). */
    public synchronized boolean any(Predicate<T> wanted) {
        return items.stream().anyMatch(wanted);
    }

    private void waitUntil(long deadline, java.util.function.Supplier<String> failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            fail(failure.get());
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
