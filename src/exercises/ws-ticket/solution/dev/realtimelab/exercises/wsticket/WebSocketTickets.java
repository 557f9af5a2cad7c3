package dev.realtimelab.exercises.wsticket;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use tickets for opening a WebSocket. A page that is already logged in
 * (cookie) asks for a ticket with an ordinary request, then opens
 * {@code wss://host/ws/...?ticket=...}: browser WebSocket and EventSource cannot set an
 * {@code Authorization} header, and a URL is the one thing the page controls. URLs end up in
 * access logs, proxies and browser history, so a ticket must be worthless after its first use
 * or after a few seconds, and only from the page that asked for it.
 *
 * <p>Reference solution.
 */
public final class WebSocketTickets {
    /** How long a ticket may wait for its handshake; a page uses it within a second. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);

    /** 32 random bytes = 256 bits; 16 would do (128 bits), more costs nothing. */
    private static final int TICKET_BYTES = 32;

    private record Pending(String user, String origin, Instant expiresAt) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** {@code clock}: {@code Clock.systemUTC()} in the app, a hand-driven clock in tests. */
    public WebSocketTickets(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new ticket for {@code user} (already authenticated by the caller), usable only from
     * {@code origin} (the Origin header of the request that asked for it).
     */
    public String issue(String user, String origin) {
        if (user == null || user.isBlank() || origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("a ticket needs a user and an origin");
        }
        Instant now = clock.instant();
        purgeExpired(now);
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes); // SecureRandom: java.util.Random is predictable from a few outputs
        // Base64url without padding uses only A-Z a-z 0-9 - _: nothing to escape in a URL.
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(ticket, new Pending(user, origin, now.plus(LIFETIME)));
        return ticket;
    }

    /**
     * The ticket's user if the ticket exists, has not expired and was issued for this origin;
     * otherwise empty. Any attempt spends the ticket, whatever the outcome, so it works at most
     * once.
     *
     * <p>Why no constant-time comparison: a timing attack needs the server to compare guesses
     * against one fixed secret, so that the time taken reveals how many leading characters were
     * right. A map lookup hashes the whole guess first and runs {@code equals} only against a
     * stored ticket with exactly the same 32-bit hash code. Change one character of a guess and its
     * hash changes, so timing cannot build a ticket up character by character. Add 256 random bits,
     * one use and 30 seconds of life, and there is nothing to measure. Comparing a presented
     * secret with one known value (an API key, say) is different: use
     * {@code MessageDigest.isEqual} there.
     */
    public Optional<String> redeem(String ticket, String origin) {
        if (ticket == null) {
            return Optional.empty();
        }
        // remove() is atomic: of two handshakes racing with one ticket, exactly one gets it.
        Pending found = pending.remove(ticket);
        if (found == null) {
            return Optional.empty(); // unknown, already used, or purged
        }
        if (!clock.instant().isBefore(found.expiresAt())) {
            return Optional.empty();
        }
        if (!found.origin().equals(origin)) {
            // A ticket presented by another origin's page has leaked; it is spent all the same.
            return Optional.empty();
        }
        return Optional.of(found.user());
    }

    /** How many tickets are waiting to be redeemed (expired ones leave at the next issue). */
    public int size() {
        return pending.size();
    }

    /** Tickets nobody redeemed (the page closed first) must not pile up in memory. */
    private void purgeExpired(Instant now) {
        pending.values().removeIf(ticket -> !now.isBefore(ticket.expiresAt()));
    }
}
