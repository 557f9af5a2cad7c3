package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.util.List;
import java.util.Set;

/**
 * Which pages may open a WebSocket to this app. Browsers send {@code Origin} with the handshake
 * and apply no CORS to it, so the server must compare it, exactly, with the origins it serves
 * pages from. Hosts are an allow-list (not "whatever Host says") so that a DNS-rebinding page
 * cannot pass by pointing its own name at this machine.
 */
public final class OriginPolicy {
    private final Set<String> hosts;

    /** {@code hosts}: the names this app's pages are served under (localhost, 127.0.0.1, ...). */
    public OriginPolicy(Set<String> hosts) {
        this.hosts = Set.copyOf(hosts);
    }

    public static OriginPolicy loopback() {
        return new OriginPolicy(Set.of("localhost", "127.0.0.1", "[::1]"));
    }

    /** True when {@code origin} is exactly {@code scheme://host:port} of a served host. */
    public boolean allows(String origin, String scheme, int port) {
        if (origin == null) {
            return false;
        }
        for (String host : hosts) {
            if (origin.equals(scheme + "://" + host + ":" + port)) {
                return true;
            }
        }
        return false;
    }

    /** For {@code wsBeforeUpgrade}: answers 403 before the upgrade when the origin is foreign. */
    public void check(Context ctx) {
        int port = ctx.req().getLocalPort();
        if (!allows(ctx.header("Origin"), ctx.scheme(), port)) {
            throw new ForbiddenResponse("WebSocket refused: the Origin " + ctx.header("Origin")
                    + " is not one of " + describe(ctx.scheme(), port));
        }
    }

    private String describe(String scheme, int port) {
        return List.copyOf(hosts).stream().sorted().map(h -> scheme + "://" + h + ":" + port).toList().toString();
    }
}
