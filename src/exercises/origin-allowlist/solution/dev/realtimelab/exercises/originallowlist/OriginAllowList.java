package dev.realtimelab.exercises.originallowlist;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which pages may open a WebSocket to this server, by the {@code Origin} header of the
 * handshake. Browsers attach cookies to a cross-site WebSocket handshake and apply no CORS to it,
 * so this check is what stops cross-site WebSocket hijacking.
 *
 * <p>Reference solution. The rule is "normalise, then compare whole strings": no prefix, suffix,
 * substring or regular-expression matching, because every one of those admits a domain that an
 * attacker can register.
 */
public final class OriginAllowList {
    /**
     * A serialised origin: scheme "://" host, an optional port, and nothing after it (RFC 6454,
     * section 6.2). Hosts may be names, IPv4 addresses or bracketed IPv6 addresses.
     */
    private static final Pattern SERIALISED_ORIGIN =
            Pattern.compile("[a-z][a-z0-9+.-]*://(\\[[0-9a-f:.]+\\]|[a-z0-9.-]+)(:[0-9]{1,5})?");

    private final Set<String> allowed;

    /**
     * {@code allowedOrigins}: the origins this server's own pages are served from, such as
     * {@code http://localhost:7070}. A wildcard, {@code null}, or an entry with a path is a
     * configuration mistake, refused here so that it stops the server at startup instead of
     * silently matching nothing (or everything).
     */
    public OriginAllowList(Collection<String> allowedOrigins) {
        Set<String> normalised = new HashSet<>();
        for (String origin : allowedOrigins) {
            String candidate = origin == null ? "" : lowercase(origin);
            if (!SERIALISED_ORIGIN.matcher(candidate).matches()) {
                throw new IllegalArgumentException("not an origin: \"" + origin
                        + "\" (write scheme://host:port exactly as the browser sends it: no path,"
                        + " no trailing slash, no wildcard, never \"null\")");
            }
            normalised.add(candidate);
        }
        this.allowed = Set.copyOf(normalised);
    }

    /**
     * True only when {@code origin} (the header's value, null when absent) names exactly one of
     * the allowed origins. Scheme and host are case-insensitive (RFC 6454, section 4, lowercases
     * both, so a browser always sends them in lowercase); everything else must match as is.
     */
    public boolean allows(String origin) {
        if (origin == null) {
            // No Origin header: every browser sends one on a WebSocket handshake (RFC 6455,
            // section 4.1), so this client is not a browser page. Endpoints meant for pages
            // refuse it; a machine-to-machine endpoint would authenticate with a credential.
            return false;
        }
        // "null" (a sandboxed frame, a file: page, a data: URL) never matches: the constructor
        // refuses it as an entry, so it cannot be in the set.
        return allowed.contains(lowercase(origin));
    }

    /**
     * For {@code config.routes.wsBeforeUpgrade(...)}: answers 403 Forbidden before the upgrade
     * when the handshake's origin is not allowed, so no socket is ever opened for it.
     */
    public void check(Context ctx) {
        if (!allows(ctx.header("Origin"))) {
            // Throwing stops Javalin before the upgrade and sends the status. The body names no
            // allowed origin: that list is no business of a foreign page.
            throw new ForbiddenResponse("WebSocket refused: this origin may not connect");
        }
    }

    /** ASCII lowercase whatever the JVM's default locale (Turkish would turn "I" into a dotless "ı"). */
    private static String lowercase(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
