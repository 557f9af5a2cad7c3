package dev.realtimelab.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.History;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.WebSocketOutbox;
import dev.realtimelab.security.Refusal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ws /ws/resume?session=ID&after=SEQ}: the endpoint of lesson 07's reconnect demo. Each
 * session is a numbered feed that keeps ticking while its client is away and keeps its last
 * ticks, so a client that comes back with the last number it saw gets exactly what it missed.
 * The client can ask the server to misbehave: drop the connection, go silent, or refuse
 * connections for a few seconds. Sessions are per client, few, and forgotten soon after their
 * client leaves.
 */
public final class ResumableSocketFeed implements AutoCloseable {
    static final long TICK_MILLIS = 250;
    static final int HISTORY_TICKS = 600; // 150 s of ticks
    static final long FORGET_AFTER_MILLIS = 60_000;
    static final int MAX_SESSIONS = 64;
    /** A client that has said nothing for this long (it heartbeats every few seconds) is gone. */
    static final long SILENCE_LIMIT_MILLIS = 15_000;
    static final int MAX_OUTAGE_SECONDS = 30;
    static final int QUEUE_CAPACITY = 256;

    private final Map<String, FeedSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "resumable-socket-feed");
        t.setDaemon(true);
        return t;
    });

    public ResumableSocketFeed() {
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public void register(JavalinConfig config) {
        config.routes.wsBeforeUpgrade("/ws/resume", this::refuseDuringOutage);
        config.routes.ws("/ws/resume", ws -> {
            ws.onConnect(this::connect);
            ws.onMessage(this::command);
            ws.onClose(this::disconnected);
            ws.onError(this::disconnected);
        });
    }

    /** One connection of a session; {@code muted} is the "stop answering" switch. */
    private static final class Connection {
        final FeedSession session;
        final WsContext ctx;
        final WebSocketOutbox outbox;
        volatile boolean muted;
        volatile long lastHeard = System.currentTimeMillis();

        Connection(FeedSession session, WsContext ctx, WebSocketOutbox outbox) {
            this.session = session;
            this.ctx = ctx;
            this.outbox = outbox;
        }
    }

    /** A numbered feed that outlives its connections. All state is guarded by the session's lock. */
    private static final class FeedSession {
        final String id;
        final History history = new History(HISTORY_TICKS, 256 * 1024);
        long lastSeq;
        Connection current;
        long detachedAt = System.currentTimeMillis();
        long refuseUntil;
        boolean forgotten;

        FeedSession(String id) {
            this.id = id;
        }
    }

    // region resume
    private void connect(WsConnectContext ctx) {
        String id = ctx.queryParam("session");
        long after = RoomEndpoints.parseSeq(ctx.queryParam("after"));
        if (id == null || !ResumableFeed.SESSION_ID.matcher(id).matches()) {
            ctx.closeSession(1008, "session= must be " + ResumableFeed.SESSION_ID_RULE);
            return;
        }
        if (after < -1) {
            ctx.closeSession(1008, "after= must be the last sequence number you received");
            return;
        }
        if (!sessions.containsKey(id) && sessions.size() >= MAX_SESSIONS) {
            ctx.closeSession(1013, "too many demo sessions right now, try again later");
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS); // protocol pings: keep proxies from idling us out
        while (true) {
            FeedSession session = sessions.computeIfAbsent(id, FeedSession::new);
            Connection connection = new Connection(session, ctx, WebSocketOutbox.of(ctx.session, QUEUE_CAPACITY, ticker));
            synchronized (session) {
                if (session.forgotten) {
                    continue; // the ticker forgot it a moment ago: take the new one
                }
                connections.put(ctx.sessionId(), connection);
                if (session.current != null) {
                    session.current.outbox.close(4000, "replaced by a newer connection");
                }
                session.current = connection;
                // Replay and going live happen under the same lock as the ticker: no gap, no repeat.
                History.Replay replay = session.history.after(Math.max(after, 0), session.lastSeq);
                connection.outbox.offer(Json.object("type", "hello", "session", id, "after", Math.max(after, 0),
                        "replaying", replay.events().size(), "lastSeq", session.lastSeq));
                if (!replay.complete()) {
                    connection.outbox.offer(Json.object("type", "gap", "lastSeen", after,
                            "resumeFrom", replay.resumeFrom(session.lastSeq)));
                }
                for (FeedEvent missed : replay.events()) {
                    connection.outbox.offer(missed.json());
                }
                return;
            }
        }
    }
    // endregion

    // region tick
    private void tick() {
        long now = System.currentTimeMillis();
        for (FeedSession session : sessions.values()) {
            synchronized (session) {
                if (session.current == null && now - session.detachedAt > FORGET_AFTER_MILLIS) {
                    session.forgotten = true;
                    sessions.remove(session.id);
                    continue;
                }
                long seq = ++session.lastSeq;
                FeedEvent tick = FeedEvent.of(seq, "tick", "type", "tick", "seq", seq, "sentAt", now);
                session.history.add(tick);
                Connection connection = session.current;
                if (connection == null) {
                    continue; // kept in the history for when the client comes back
                }
                if (now - connection.lastHeard > SILENCE_LIMIT_MILLIS) {
                    // No heartbeat: the client or the path to it is dead. Stop writing into the void.
                    connection.outbox.close(1001, "no heartbeat for " + SILENCE_LIMIT_MILLIS / 1000 + " s");
                    detach(session, connection);
                } else if (!connection.muted) {
                    connection.outbox.offer(tick.json());
                }
            }
        }
    }
    // endregion

    // region commands
    private void command(WsMessageContext ctx) {
        Connection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        connection.lastHeard = System.currentTimeMillis(); // any message proves the client is alive
        JsonNode message;
        try {
            message = Json.mapper().readTree(ctx.message());
        } catch (Exception e) {
            connection.outbox.offer(Json.object("type", "error", "message", "send JSON, like {\"type\":\"ping\"}"));
            return;
        }
        switch (message.path("type").asText()) {
            case "ping" -> {
                if (!connection.muted) {
                    connection.outbox.offer(Json.object("type", "pong", "t", message.path("t").asLong()));
                }
            }
            case "drop" -> connection.ctx.session.disconnect(); // no close frame: the client sees 1006
            case "mute" -> {
                connection.outbox.offer(Json.object("type", "muted",
                        "message", "this connection will now stay silent: no pongs, no ticks"));
                connection.muted = true;
            }
            case "outage" -> {
                int seconds = Math.max(1, Math.min(MAX_OUTAGE_SECONDS, message.path("seconds").asInt(5)));
                synchronized (connection.session) {
                    connection.session.refuseUntil = System.currentTimeMillis() + seconds * 1000L;
                }
                connection.ctx.session.disconnect();
            }
            default -> connection.outbox.offer(Json.object("type", "error",
                    "message", "unknown command; try ping, drop, mute or outage"));
        }
    }
    // endregion

    /** Answers 503 to the handshake while the session's simulated outage lasts. */
    private void refuseDuringOutage(Context ctx) {
        FeedSession session = sessions.get(String.valueOf(ctx.queryParam("session")));
        if (session == null) {
            return;
        }
        long wait;
        synchronized (session) {
            wait = session.refuseUntil - System.currentTimeMillis();
        }
        if (wait > 0) {
            // Refusal writes the reason itself: Javalin sends a refused handshake with an empty body.
            throw Refusal.of(ctx, 503, "Simulated outage: try again in " + (wait / 1000 + 1) + " s");
        }
    }

    private void disconnected(WsContext ctx) {
        Connection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            synchronized (connection.session) {
                detach(connection.session, connection);
            }
        }
    }

    private static void detach(FeedSession session, Connection connection) {
        if (session.current == connection) {
            session.current = null;
            session.detachedAt = System.currentTimeMillis();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
