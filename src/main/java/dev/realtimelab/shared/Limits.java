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
    /**
     * A frame announcing more than this is refused from its header on, without waiting for its
     * payload. Up to it, the frame is read to its end before a too-big message is refused: a
     * connection closed with a browser's bytes still arriving is reset, and the browser then
     * reports 1006 instead of the 1009 the server sent.
     */
    public static final int MAX_FRAME_BYTES = 2 * MAX_MESSAGE_BYTES;
    /** A WebSocket from which nothing (no message, no pong) has come for this long is closed with 1001. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** How often the server pings every WebSocket: well under the common 60 s proxy timeout. */
    public static final Duration PING_INTERVAL = Duration.ofSeconds(15);
}
