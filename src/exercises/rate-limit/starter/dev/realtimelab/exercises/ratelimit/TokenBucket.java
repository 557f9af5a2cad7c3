package dev.realtimelab.exercises.ratelimit;

import java.util.function.LongSupplier;

/**
 * A token bucket: the rate limit for one WebSocket connection. It holds up to {@code capacity}
 * tokens and gains {@code refillPerSecond} of them every second; each message costs one.
 *
 * <p>Exercise: see EXERCISE.md beside this file for the exact contract.
 */
public final class TokenBucket {

    /** With the JVM's monotonic clock: the one to use in the app. */
    public TokenBucket(int capacity, double refillPerSecond) {
        this(capacity, refillPerSecond, System::nanoTime);
    }

    /**
     * {@code nanoTime}: a monotonic clock in nanoseconds, like {@code System::nanoTime}. Only
     * differences between its readings mean anything; its values may be negative or wrap.
     */
    public TokenBucket(int capacity, double refillPerSecond, LongSupplier nanoTime) {
        // TODO: validate the settings, start full, remember the clock and its current reading.
    }

    /** Takes one token and returns true, or returns false (taking nothing) when none is left. */
    public boolean tryAcquire() {
        throw new UnsupportedOperationException("TODO: add the tokens earned since the last call (elapsed"
                + " nanoseconds x rate, at most capacity), then take one if there is a whole one");
    }
}
