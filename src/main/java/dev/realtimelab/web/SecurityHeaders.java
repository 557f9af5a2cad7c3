package dev.realtimelab.web;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Headers on every response. The policy allows scripts, styles and connections only from the
 * app itself: no inline script, no CDN, and sockets only back to this origin.
 */
public final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'");

    /** Every header and its value; the server's own error pages and refused handshakes send them too. */
    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "SAMEORIGIN");

    private SecurityHeaders() {}

    /**
     * {@link #ALL}, with {@code origins} added to connect-src: lesson 13's second instance, whose
     * event stream the first one's page reads (none: exactly {@link #ALL}).
     */
    public static Map<String, String> allowingConnectionsTo(java.util.List<String> origins) {
        if (origins.isEmpty()) {
            return ALL;
        }
        Map<String, String> headers = new java.util.HashMap<>(ALL);
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY.replace("connect-src 'self'",
                "connect-src 'self' " + String.join(" ", origins)));
        return Map.copyOf(headers);
    }

    public static void apply(Context ctx) {
        ALL.forEach(ctx::header);
    }
}
