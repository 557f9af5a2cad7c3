package dev.realtimelab.security;

/**
 * A token bucket: holds up to {@code capacity} tokens, gains {@code perSecond} a second, and each
 * message takes one. A burst up to the capacity passes; after that, the sustained rate applies.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, int perSecond) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    public synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
