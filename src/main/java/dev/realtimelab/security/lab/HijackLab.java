package dev.realtimelab.security.lab;

import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Lab 09, cross-site WebSocket hijacking. Two sockets send the logged-in learner their secret:
 * one takes any Origin (deliberately vulnerable), one sits behind the app's Origin allow-list.
 * An event stream sends the same secret, with no CORS headers. The attacker's page on the
 * second origin tries all three.
 */
final class HijackLab {
    static final String CHECKED = "/labs/hijack/checked";
    static final String STREAM = "/labs/hijack/stream";

    private final LabSessions sessions;
    private final LabFeed feed;
    private final EventStreams streams;
    private final IntSupplier attackerPort;

    HijackLab(LabSessions sessions, LabFeed feed, EventStreams streams, IntSupplier attackerPort) {
        this.sessions = sessions;
        this.feed = feed;
        this.streams = streams;
        this.attackerPort = attackerPort;
    }

    void register(RoutesConfig routes) {
        // The same handler twice: the only difference is the Origin check in front of one.
        routes.ws(DeliberatelyVulnerable.HIJACK_UNCHECKED, secretSocket(DeliberatelyVulnerable.HIJACK_UNCHECKED));
        routes.ws(CHECKED, secretSocket(CHECKED));
        routes.get(STREAM, this::secretStream);
        routes.get("/labs/hijack/info", ctx -> ctx.json(Map.of("attackerPort", attackerPort.getAsInt())));
    }

    // region secret-socket
    /** Trusts the cookie that came with the handshake, and nothing else. */
    private Consumer<WsConfig> secretSocket(String path) {
        return ws -> ws.onConnect(ctx -> {
            String origin = ctx.header("Origin");
            Optional<LabSessions.Session> session = sessions.fromCookie(ctx.cookie(LabSessions.COOKIE));
            if (session.isEmpty()) {
                feed.publish("hijack", "note", path + ": handshake from Origin " + origin + " with no lab cookie: nothing to send");
                ctx.closeSession(1008, "not logged in to the lab");
                return;
            }
            ctx.send(LabSessions.profile(session.get()));
            feed.publish("hijack", "sent", path + ": handshake from Origin " + origin + " carried "
                    + session.get().user() + "'s lab cookie, so the server sent the secret");
        });
    }
    // endregion

    // region secret-stream
    /** Answers with the secret but without Access-Control-Allow-Origin: CORS decides who reads it. */
    private void secretStream(Context ctx) {
        String origin = ctx.header("Origin");
        Optional<LabSessions.Session> session = sessions.fromCookie(ctx.cookie(LabSessions.COOKIE));
        EventStream stream = streams.open(ctx, () -> {});
        if (session.isEmpty()) {
            stream.send(null, "error", "not logged in to the lab");
            return;
        }
        stream.send(null, "secret", LabSessions.profile(session.get()));
        feed.publish("hijack", "sent", STREAM + ": EventSource request from " + (origin == null ? "this app's own page (no Origin header)" : "Origin " + origin)
                + " carried " + session.get().user() + "'s lab cookie; answered 200 with the secret and no Access-Control-Allow-Origin");
    }
    // endregion
}
