package dev.realtimelab.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time tickets for a WebSocket handshake. A page that is logged in (by cookie) asks for a
 * ticket with a same-origin POST, then opens {@code wss://.../socket?ticket=...}. The ticket
 * lands in access logs like any URL, so it must be worthless by the time anyone reads one:
 * it lives for seconds, works once, and only for the user and the page origin it was made for.
 */
public final class Tickets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Ticket(String subject, String origin, Instant expires) {}

    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Ticket> open = new ConcurrentHashMap<>();

    public Tickets(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A new ticket for {@code subject} (a user or session id), usable from {@code origin} only. */
    public String issue(String subject, String origin) {
        Instant now = clock.instant();
        open.values().removeIf(t -> t.expires().isBefore(now)); // forget the unused ones
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open.put(ticket, new Ticket(subject, origin, now.plus(lifetime)));
        return ticket;
    }

    /**
     * The subject, if the ticket exists, has not expired and comes from the origin it was made
     * for. Either way the ticket is used up: a second try with it always fails.
     */
    public Optional<String> redeem(String ticket, String origin) {
        Ticket found = ticket == null ? null : open.remove(ticket);
        if (found == null || clock.instant().isAfter(found.expires()) || !found.origin().equals(origin)) {
            return Optional.empty();
        }
        return Optional.of(found.subject());
    }
}
