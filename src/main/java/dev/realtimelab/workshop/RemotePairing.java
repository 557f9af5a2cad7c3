package dev.realtimelab.workshop;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instructor's phone as a slide remote. The instructor's page offers a one-time pairing
 * token (shown as a QR code of the phone page's address, the token in its fragment, so it never
 * reaches a server log or a Referer); the phone spends it with a POST within a short time and
 * gets a remote key in an HttpOnly cookie. The key moves the room and does nothing else. One
 * phone at a time: a second pairing replaces the first key, and the instructor can revoke it.
 */
final class RemotePairing {
    /** Long enough to take out a phone and scan; short enough that a photo of the screen is stale. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(2);

    private final Clock clock;
    private String token;
    private long tokenExpiresAt;
    private String key;

    RemotePairing(Clock clock) {
        this.clock = clock;
    }

    /** A fresh one-time token; an unspent earlier one stops working. */
    synchronized String offer() {
        token = Roster.randomToken();
        tokenExpiresAt = clock.millis() + TOKEN_LIFETIME.toMillis();
        return token;
    }

    /** The offered token while it is unspent and fresh, else null. */
    synchronized String offeredToken() {
        return token != null && clock.millis() < tokenExpiresAt ? token : null;
    }

    // region pair
    /**
     * Spends {@code offered} if it is the current token and still fresh: returns a new remote key,
     * which replaces the previous phone's. Null otherwise (the token is then left as it was).
     */
    synchronized String pair(String offered) {
        if (offered == null || offeredToken() == null || !Roster.sameSecret(offered, token)) {
            return null;
        }
        token = null;
        key = Roster.randomToken();
        return key;
    }
    // endregion

    /** Unpairs the phone and withdraws any unspent token. */
    synchronized void revoke() {
        token = null;
        key = null;
    }

    synchronized boolean isKey(String cookie) {
        return cookie != null && key != null && Roster.sameSecret(cookie, key);
    }

    /** What the instructor's page shows: whether a phone is paired, and whether a code is on offer. */
    synchronized Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("paired", key != null);
        status.put("offerOpen", offeredToken() != null);
        return status;
    }
}
