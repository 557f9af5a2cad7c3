package dev.realtimelab.exercises.originallowlist;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.Collection;

/**
 * Decides which pages may open a WebSocket to this server, by the {@code Origin} header of the
 * handshake. Browsers attach cookies to a cross-site WebSocket handshake and apply no CORS to it,
 * so this check is what stops cross-site WebSocket hijacking.
 *
 * <p>Exercise: see EXERCISE.md beside this file for the exact contract.
 */
public final class OriginAllowList {

    /**
     * {@code allowedOrigins}: the origins this server's own pages are served from, such as
     * {@code http://localhost:7070}. Refuse (IllegalArgumentException) anything that is not
     * scheme://host[:port]: a wildcard, "null", a path or a trailing slash.
     */
    public OriginAllowList(Collection<String> allowedOrigins) {
        // TODO: validate each entry, lowercase it (Locale.ROOT) and keep it in a Set.
    }

    /**
     * True only when {@code origin} (the header's value, null when absent) names exactly one of
     * the allowed origins, ignoring the case of scheme and host.
     */
    public boolean allows(String origin) {
        throw new UnsupportedOperationException(
                "TODO: return true only when the whole origin string equals an allowed origin"
                        + " (after lowercasing); null and \"null\" are never allowed");
    }

    /**
     * For {@code config.routes.wsBeforeUpgrade(...)}: answers 403 Forbidden before the upgrade
     * when the handshake's origin is not allowed.
     */
    public void check(Context ctx) {
        throw new UnsupportedOperationException(
                "TODO: read ctx.header(\"Origin\") and throw new ForbiddenResponse(...) unless allows(it)");
    }
}
