package dev.realtimelab.security.lab;

import dev.realtimelab.live.hub.Json;
import dev.realtimelab.security.OriginPolicy;
import dev.realtimelab.shared.Refusal;
import dev.realtimelab.security.Tickets;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lab 10, authentication and authorization, two ways side by side.
 * <ul>
 * <li>Vulnerable: a long-lived token in the socket's URL (it lands in the access log and still
 * works after logout), checked once at the handshake; rooms are not checked at all.</li>
 * <li>Fixed: a one-time ticket (seconds, single use, bound to user and origin); the socket is
 * bound to the session, so logging out closes it with 1008; every message is authorized,
 * rooms included.</li>
 * </ul>
 */
final class AuthLab {
    static final String PREFIX = "/labs/auth/";
    static final String URL_TOKEN = "/labs/auth/url-token";
    static final String TICKET = "/labs/auth/ticket";
    static final String SOCKET = "/labs/auth/socket";
    private static final String SESSION_ATTRIBUTE = "lab.session";
    /** The url-token socket's session, found once at connect and never looked up again. */
    private static final String URL_TOKEN_SESSION = "lab.urlTokenSession";

    /** Who may read which room. Nobody but staff reads "staff". */
    private static final Map<String, Set<String>> ROOMS_OF = Map.of(LabSessions.USER, Set.of("lobby"));
    private static final Map<String, String> BOARDS = Map.of(
            "lobby", "Welcome to the lobby. Lunch is at noon.",
            "staff", "Staff only: the server room door code is 4711.");

    private final LabSessions sessions;
    private final LabFeed feed;
    private final Tickets tickets;
    private final OriginPolicy origins;

    AuthLab(LabSessions sessions, LabFeed feed, Tickets tickets, OriginPolicy origins) {
        this.sessions = sessions;
        this.feed = feed;
        this.tickets = tickets;
        this.origins = origins;
    }

    void register(RoutesConfig routes) {
        routes.get("/labs/auth/token", ctx -> ctx.json(Map.of("token", loggedIn(ctx).apiToken())));
        routes.ws(URL_TOKEN, ws -> {
            ws.onConnect(this::connectWithUrlToken);
            ws.onMessage(this::answerWithoutChecks);
        });
        routes.post(TICKET, this::issueTicket);
        routes.wsBeforeUpgrade(SOCKET, this::redeemTicket);
        routes.ws(SOCKET, ws -> {
            ws.onConnect(this::connectWithTicket);
            ws.onMessage(this::answerWithChecks);
            ws.onClose(ctx -> sessionOf(ctx).ifPresent(s -> sessions.unbind(s, ctx)));
        });
    }

    private LabSessions.Session loggedIn(Context ctx) {
        return sessions.fromCookie(ctx.cookie(LabSessions.COOKIE))
                .orElseThrow(() -> new UnauthorizedResponse("log in to the lab first"));
    }

    // region url-token
    /** Vulnerable: the token sits in the URL, so every access log on the way keeps a copy. */
    private void connectWithUrlToken(WsContext ctx) {
        Optional<LabSessions.Session> session = sessions.fromApiToken(ctx.queryParam("token"));
        if (session.isEmpty()) {
            ctx.closeSession(1008, "unknown token");
            return;
        }
        ctx.attribute(URL_TOKEN_SESSION, session.get());
        ctx.send(Json.object("connected", session.get().user(), "with", "a token in the URL"));
        feed.publish("auth", "note", URL_TOKEN + ": connected as " + session.get().user() + " by the token in the URL");
    }

    /** Vulnerable: decided once, at the handshake; no check of the session or of the room. */
    private void answerWithoutChecks(WsMessageContext ctx) {
        LabSessions.Session session = ctx.attribute(URL_TOKEN_SESSION);
        if (session != null) { // null: refused at connect, closing
            ctx.send(answer(session, ctx.message(), Set.copyOf(BOARDS.keySet())));
        }
    }
    // endregion

    // region ticket
    /** A ticket for the logged-in page that asks, bound to its user and its origin. */
    private void issueTicket(Context ctx) {
        LabSessions.Session session = loggedIn(ctx);
        String origin = ctx.header("Origin");
        if (!origins.allows(ctx)) { // no Origin is refused too
            throw new ForbiddenResponse("tickets are issued only to this app's own pages");
        }
        String ticket = tickets.issue(session.id(), origin);
        ctx.json(Map.of("ticket", ticket, "expiresInSeconds", tickets.lifetime().toSeconds()));
    }

    /** Before the upgrade: no valid ticket, no socket (403). The ticket is used up either way. */
    private void redeemTicket(Context ctx) {
        Optional<String> sessionId = tickets.redeem(ctx.queryParam("ticket"), ctx.header("Origin"));
        if (sessionId.isEmpty()) {
            String reason = "ticket unknown, already used, expired or from another origin";
            feed.publish("auth", "refused", SOCKET + ": " + reason + ": handshake refused with 403");
            throw Refusal.of(ctx, 403, reason);
        }
        ctx.attribute(SESSION_ATTRIBUTE, sessionId.get());
    }

    private void connectWithTicket(WsContext ctx) {
        Optional<LabSessions.Session> session = sessionOf(ctx);
        if (session.isEmpty()) {
            ctx.closeSession(1008, "session ended");
            return;
        }
        sessions.bind(session.get(), ctx); // logging out now closes this socket
        ctx.send(Json.object("connected", session.get().user(), "with", "a one-time ticket"));
        feed.publish("auth", "note", SOCKET + ": connected as " + session.get().user() + " by a one-time ticket");
    }

    /** Fixed: every message checks that the session still lives and that the user may read the room. */
    private void answerWithChecks(WsMessageContext ctx) {
        Optional<LabSessions.Session> session = sessionOf(ctx);
        if (session.isEmpty()) {
            ctx.closeSession(1008, "session ended");
            return;
        }
        ctx.send(answer(session.get(), ctx.message(), ROOMS_OF.getOrDefault(session.get().user(), Set.of())));
    }
    // endregion

    private Optional<LabSessions.Session> sessionOf(WsContext ctx) {
        String id = ctx.attribute(SESSION_ATTRIBUTE);
        return id == null ? Optional.empty() : sessions.byId(id);
    }

    /** "secret" or "room NAME"; {@code readable}: the rooms this answer may show. */
    private String answer(LabSessions.Session session, String command, Set<String> readable) {
        String text = command.strip();
        if (text.equals("secret")) {
            return LabSessions.profile(session);
        }
        if (text.startsWith("room ")) {
            String room = text.substring(5).strip();
            if (!BOARDS.containsKey(room)) {
                return Json.object("error", "no such room");
            }
            if (!readable.contains(room)) {
                feed.publish("auth", "refused", session.user() + " asked for room " + room + ": not allowed, refused");
                return Json.object("error", session.user() + " may not read the room " + room);
            }
            return Json.object("room", room, "board", BOARDS.get(room));
        }
        return Json.object("error", "send 'secret' or 'room NAME'");
    }
}
