package dev.realtimelab.exercises.ratelimit;

import java.util.function.LongSupplier;

/**
 * A token bucket: the rate limit for one WebSocket connection. It holds up to {@code capacity}
 * tokens and gains {@code refillPerSecond} of them every second; each message costs one. A client
 * may send a short burst (the capacity), then no faster than the refill rate. A server that does
 * not limit the rate lets one client keep its CPU, its fan-out and every other member's bandwidth
 * busy.
 *
 * <p>Reference solution.
 */
public final class TokenBucket {
    private final int capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;

    private double tokens;
    private long lastRefill;

    /** With the JVM's monotonic clock: the one to use in the app. */
    public TokenBucket(int capacity, double refillPerSecond) {
        this(capacity, refillPerSecond, System::nanoTime);
    }

    /**
     * {@code nanoTime}: a monotonic clock in nanoseconds, like {@code System::nanoTime}. Only
     * differences between its readings mean anything; its values may be negative or wrap.
     */
    public TokenBucket(int capacity, double refillPerSecond, LongSupplier nanoTime) {
        // !(x > 0) also catches NaN, which every comparison answers with false.
        if (capacity < 1 || !(refillPerSecond > 0) || Double.isInfinite(refillPerSecond)) {
            throw new IllegalArgumentException("capacity must be at least 1 and refillPerSecond a positive number, not "
                    + capacity + " and " + refillPerSecond);
        }
        this.capacity = capacity;
        this.tokensPerNano = refillPerSecond / 1_000_000_000.0;
        this.nanoTime = nanoTime;
        this.tokens = capacity; // a new connection may send a burst at once
        this.lastRefill = nanoTime.getAsLong();
    }

    /** Takes one token and returns true, or returns false (taking nothing) when none is left. */
    public synchronized boolean tryAcquire() {
        long now = nanoTime.getAsLong();
        // Subtract first, then compare: correct even when the clock's values wrap past Long.MAX_VALUE.
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            // Keep the fraction: with frequent calls each one earns only part of a token, and
            // rounding it away (while moving lastRefill) would mean never refilling at all.
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastRefill = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false; // a refusal costs nothing, so a client that slows down gets in again
    }
}
