package dev.realtimelab.exercises.wsaccept;

import java.util.Map;

/**
 * The server's side of the WebSocket opening handshake (RFC 6455, section 4.2): check the
 * client's request headers and compute the answer. See EXERCISE.md for the exact contract.
 */
public final class WebSocketHandshake {
    /** The fixed GUID that RFC 6455 appends to every key (section 1.3). */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /** The answer to a handshake request: a status code and the headers to send with it. */
    public record Response(int status, Map<String, String> headers) {
    }

    /** The {@code Sec-WebSocket-Accept} value for a {@code Sec-WebSocket-Key}. */
    public static String acceptFor(String key) {
        throw new UnsupportedOperationException("TODO: base64(SHA-1(key + GUID))");
    }

    /** True if {@code key} is a valid {@code Sec-WebSocket-Key}: base64 of exactly 16 bytes. */
    public static boolean isValidKey(String key) {
        throw new UnsupportedOperationException("TODO: decode the base64 and count the bytes");
    }

    /** Checks a handshake request's headers and answers 101, 400 or 426. */
    public static Response respond(Map<String, String> requestHeaders) {
        throw new UnsupportedOperationException("TODO: check Upgrade, Connection, the key and the version");
    }
}
