package dev.realtimelab.security;

/**
 * Thrown by a WebSocket before-handler when a limit is hit: Javalin then skips the endpoint's
 * own handler for this event, and {@link WebSocketLimits} closes the socket with {@code code}.
 */
public final class LimitExceeded extends RuntimeException {
    /** Marks a message dropped from a socket that is already being closed. */
    static final LimitExceeded DROPPED = new LimitExceeded(0, "dropped: the socket is closing");

    private final int code;

    LimitExceeded(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
