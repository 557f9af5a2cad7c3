package dev.realtimelab.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many of something each client address holds now, with a ceiling per address. */
final class AddressCounter {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one more for {@code address} unless it holds {@code max} already; true when counted. */
    boolean tryAcquire(String address, int max) {
        boolean[] counted = {false};
        counts.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < max) {
                count.incrementAndGet();
                counted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return counted[0];
    }

    void release(String address) {
        counts.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int of(String address) {
        AtomicInteger count = counts.get(address);
        return count == null ? 0 : count.get();
    }

    /** Everything counted, over all addresses. */
    int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
