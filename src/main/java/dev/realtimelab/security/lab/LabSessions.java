package dev.realtimelab.security.lab;

import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labs' pretend accounts: "log in to the lab" gives the browser a session cookie and the
 * session a secret the attacks try to steal. One user, "learner", with no password: the labs
 * are about what a browser sends and what a server checks, not about passwords.
 */
final class LabSessions implements AutoCloseable {
    static final String COOKIE = "lab_session";
    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final String USER = "learner";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> WORDS = List.of("amber", "birch", "cobalt", "dune", "ember", "fjord",
            "garnet", "harbor", "indigo", "juniper", "kelp", "lagoon", "maple", "nimbus", "onyx", "quartz");

    /** A logged-in browser. {@code apiToken} is the long-lived token of the token-in-URL lab. */
    record Session(String id, String user, String secret, String apiToken, Instant expires, Set<WsContext> sockets) {
        boolean expiredAt(Instant now) {
            return now.isAfter(expires);
        }
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    /** Long-lived API tokens outlive the session that issued them: that is the lab's bug. */
    private final Map<String, Session> byApiToken = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final Ticker.Task sweeper;

    LabSessions(Ticker ticker) {
        this.ticker = ticker;
        this.sweeper = ticker.every(Duration.ofSeconds(5), this::endExpired);
    }

    void register(RoutesConfig routes) {
        routes.post("/labs/login", this::login);
        routes.post("/labs/logout", this::logout);
        routes.get("/labs/me", ctx -> ctx.contentType("application/json")
                .result(fromCookie(ctx.cookie(COOKIE)).map(LabSessions::profile).orElse("{}")));
    }

    // region login
    private void login(Context ctx) {
        Session session = fromCookie(ctx.cookie(COOKIE)).orElseGet(() -> {
            Session fresh = new Session(randomToken(), USER, secretWords(), randomToken(),
                    ticker.clock().instant().plus(LIFETIME), ConcurrentHashMap.newKeySet());
            byId.put(fresh.id(), fresh);
            byApiToken.put(fresh.apiToken(), fresh);
            return fresh;
        });
        // HttpOnly: page scripts cannot read it. SameSite=Strict: sent only on requests from
        // pages of the same site... which, as lab 09 shows, includes every port of localhost.
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/labs; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Strict" + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
        ctx.contentType("application/json").result(profile(session));
    }
    // endregion

    // region logout
    private void logout(Context ctx) {
        fromCookie(ctx.cookie(COOKIE)).ifPresent(session -> end(session, "session ended: you logged out"));
        ctx.res().addHeader("Set-Cookie", COOKIE + "=; Path=/labs; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.json(Map.of("loggedOut", true));
    }

    /** Forgets the session and closes every socket that was bound to it, with 1008. */
    private void end(Session session, String reason) {
        byId.remove(session.id());
        for (WsContext socket : session.sockets()) {
            if (socket.session.isOpen()) {
                socket.closeSession(1008, reason);
            }
        }
        session.sockets().clear();
    }
    // endregion

    private void endExpired() {
        for (Session session : List.copyOf(byId.values())) {
            if (session.expiredAt(ticker.clock().instant())) {
                end(session, "session expired");
            }
        }
    }

    Optional<Session> fromCookie(String value) {
        return value == null ? Optional.empty() : byId(value);
    }

    Optional<Session> byId(String id) {
        Session session = byId.get(id);
        return session == null || session.expiredAt(ticker.clock().instant()) ? Optional.empty() : Optional.of(session);
    }

    /** The vulnerable way: any holder of the token is the user, logged out or not. */
    Optional<Session> fromApiToken(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(byApiToken.get(token));
    }

    /** Ties a socket to the session, so that logging out or expiry closes it. */
    void bind(Session session, WsContext socket) {
        session.sockets().add(socket);
    }

    void unbind(Session session, WsContext socket) {
        session.sockets().remove(socket);
    }

    static String randomToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String secretWords() {
        return WORDS.get(RANDOM.nextInt(WORDS.size())) + "-" + WORDS.get(RANDOM.nextInt(WORDS.size())) + "-" + (1000 + RANDOM.nextInt(9000));
    }

    /** The JSON the labs send: user, then secret (the lab pages and their tests read it in that order). */
    static String profile(Session session) {
        return Json.object("user", session.user(), "secret", session.secret());
    }

    @Override
    public void close() {
        sweeper.cancel();
    }
}
