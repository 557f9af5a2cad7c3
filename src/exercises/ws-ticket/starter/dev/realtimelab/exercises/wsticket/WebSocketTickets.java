package dev.realtimelab.exercises.wsticket;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Short-lived, single-use tickets for opening a WebSocket. A page that is already logged in
 * (cookie) asks for a ticket with an ordinary request, then opens
 * {@code wss://host/ws/...?ticket=...}: browser WebSocket and EventSource cannot set an
 * {@code Authorization} header, and a URL is the one thing the page controls.
 *
 * <p>Exercise: see EXERCISE.md beside this file for the exact contract.
 */
public final class WebSocketTickets {
    /** How long a ticket may wait for its handshake. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);

    private final Clock clock;

    /** {@code clock}: {@code Clock.systemUTC()} in the app, a hand-driven clock in tests. */
    public WebSocketTickets(Clock clock) {
        this.clock = clock;
    }

    /**
     * A new ticket for {@code user}, usable only from {@code origin}: at least 128 bits from
     * SecureRandom, URL-safe.
     */
    public String issue(String user, String origin) {
        throw new UnsupportedOperationException(
                "TODO: make an unguessable ticket (SecureRandom, 16+ bytes, Base64 URL-safe) and remember"
                        + " user, origin and the time it expires (clock.instant() + LIFETIME)");
    }

    /**
     * The ticket's user if the ticket exists, has not expired and was issued for this origin;
     * otherwise empty. Any attempt spends the ticket.
     */
    public Optional<String> redeem(String ticket, String origin) {
        throw new UnsupportedOperationException(
                "TODO: remove the ticket from the store, then check expiry and origin");
    }

    /** How many tickets are waiting to be redeemed. */
    public int size() {
        return -1; // TODO: the number of tickets in the store
    }
}
