package dev.realtimelab.workshop;

import dev.realtimelab.live.hub.MemberNames;
import dev.realtimelab.security.TokenBucket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who has joined: each attendee gets a random token, kept in an HttpOnly cookie, and a display
 * name others see (any script, in NFC: {@link MemberNames}). Joins are limited per address (a bot joining by the hundred is refused)
 * and in all, so a flood cannot fill the memory.
 */
final class Roster {
    static final int MAX_ATTENDEES = 1000;
    static final String RESERVED_NAME = "Instructor";
    /** Joins one address may make: a burst for a classroom behind one NAT, then one a second. */
    static final int JOINS_BURST = 30;
    static final int JOINS_PER_SECOND = 1;
    private static final int MAX_ADDRESSES = 10_000;

    record Attendee(String id, String name) {}

    /** Why a join was refused, with the HTTP status to answer. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String reason) {
            super(reason);
            this.status = status;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Attendee> byToken = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> joinsByAddress = new ConcurrentHashMap<>();

    static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Compares a secret someone offered with the real one in constant time, so timing tells nothing. */
    static boolean sameSecret(String offered, String secret) {
        return MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks the name and the limits; returns the new attendee's cookie token. The instructor's
     * own machine ({@code loopback}) is not held to the per-address join rate.
     */
    String join(String name, String address, boolean loopback) {
        String clean;
        try {
            clean = MemberNames.normalize(name);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "Pick another name: " + e.getMessage() + ".");
        }
        if (clean.equalsIgnoreCase(RESERVED_NAME)) {
            throw new Refused(400, "Pick another name: \"" + RESERVED_NAME + "\" is the instructor's.");
        }
        if (joinsByAddress.size() > MAX_ADDRESSES) {
            joinsByAddress.clear(); // a crude bound: forgetting old buckets only makes limits kinder
        }
        if (!loopback && !joinsByAddress.computeIfAbsent(address, a -> new TokenBucket(JOINS_BURST, JOINS_PER_SECOND)).tryTake()) {
            throw new Refused(429, "Too many joins from your address; wait a moment and try again.");
        }
        if (byToken.size() >= MAX_ATTENDEES) {
            throw new Refused(503, "The workshop is full (" + MAX_ATTENDEES + " attendees).");
        }
        String token = randomToken();
        byToken.put(token, new Attendee(randomToken().substring(0, 12), clean));
        return token;
    }

    /** The attendee a cookie token belongs to, or null. */
    Attendee byToken(String token) {
        return token == null ? null : byToken.get(token);
    }

    int size() {
        return byToken.size();
    }
}
