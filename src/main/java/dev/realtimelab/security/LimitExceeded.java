package dev.realtimelab.security;

/**
 * Thrown by a WebSocket before-handler when a limit is hit: Javalin then skips the endpoint's
 * own handler for this event, and {@link WebSocketLimits} closes the socket with {@code code}.
 */
public final class LimitExceeded extends RuntimeException {
    /** Marks a message dropped from a socket that is already being closed. */
    static final LimitExceeded DROPPED = new LimitExceeded(0, "dropped: the socket is closing");

    private final int code;
    private final boolean whenQuiet;

    LimitExceeded(int code, String reason) {
        this(code, reason, false);
    }

    private LimitExceeded(int code, String reason, boolean whenQuiet) {
        super(reason, null, false, false);
        this.code = code;
        this.whenQuiet = whenQuiet;
    }

    /** For a sender still writing: close once it pauses, so the close frame is not lost in a reset. */
    static LimitExceeded whenQuiet(int code, String reason) {
        return new LimitExceeded(code, reason, true);
    }

    boolean closesWhenQuiet() {
        return whenQuiet;
    }

    public int code() {
        return code;
    }
}
