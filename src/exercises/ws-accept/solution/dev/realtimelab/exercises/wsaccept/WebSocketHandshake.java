package dev.realtimelab.exercises.wsaccept;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's side of the WebSocket opening handshake (RFC 6455, section 4.2): check the
 * client's request headers and compute the answer.
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
        try {
            // The key is used as text: it is NOT base64-decoded first.
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** True if {@code key} is a valid {@code Sec-WebSocket-Key}: base64 of exactly 16 bytes. */
    public static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Checks a handshake request's headers and answers 101, 400 or 426. */
    public static Response respond(Map<String, String> requestHeaders) {
        // HTTP header names are case-insensitive: "sec-websocket-key" is the same header.
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(requestHeaders);

        if (!hasToken(headers.get("Upgrade"), "websocket") || !hasToken(headers.get("Connection"), "Upgrade")) {
            return new Response(400, Map.of()); // not a WebSocket upgrade at all
        }
        String key = headers.get("Sec-WebSocket-Key");
        if (!isValidKey(key)) {
            return new Response(400, Map.of());
        }
        String version = headers.get("Sec-WebSocket-Version");
        if (version == null) {
            return new Response(400, Map.of());
        }
        if (!version.trim().equals("13")) {
            // Section 4.2.2: tell the client which version we speak, so it can retry with it.
            return new Response(426, Map.of("Sec-WebSocket-Version", "13"));
        }
        return new Response(101, Map.of(
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Accept", acceptFor(key)));
    }

    /** True if the comma-separated header value contains the token, ignoring case. */
    private static boolean hasToken(String value, String token) {
        return value != null && Arrays.stream(value.split(",")).map(String::trim).anyMatch(token::equalsIgnoreCase);
    }
}
