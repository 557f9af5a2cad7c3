package dev.realtimelab.shared;

import java.time.Duration;

/**
 * Limits that both the live endpoints and the app's protections state, kept here so that
 * neither side owns the other's numbers.
 */
public final class Limits {
    private Limits() {}

    /** The largest message a client may send; a larger one is closed with 1009 (too big). */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** A WebSocket from which nothing (no message, no pong) has come for this long is closed with 1001. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** How often the server pings every WebSocket: well under the common 60 s proxy timeout. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(15);
}
