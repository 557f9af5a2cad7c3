package dev.realtimelab.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Subscriber;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.WebSocketOutbox;
import dev.realtimelab.live.transport.WebSocketSubscriber;
import dev.realtimelab.shared.ClientIds;
import dev.realtimelab.shared.Refusal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ws /ws/resume?session=ID&after=SEQ}: the endpoint of lesson 07's reconnect demo. Each
 * session is a hub room that the feed holds open and ticks into while its client is away; the
 * room keeps the last ticks, so a client that comes back with the last number it saw gets
 * exactly what it missed, by the hub's one resume rule. The client can ask the server to
 * misbehave: drop the connection, go silent, or refuse connections for a few seconds. Sessions
 * are per client, few, and forgotten soon after their client leaves.
 */
public final class ResumableSocketFeed implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(250);
    static final int HISTORY_TICKS = 600; // 150 s of ticks
    static final long FORGET_AFTER_MILLIS = 60_000;
    static final int MAX_SESSIONS = 64;
    /** A client that has said nothing for this long (it heartbeats every few seconds) is gone. */
    static final long SILENCE_LIMIT_MILLIS = 15_000;
    static final int MAX_OUTAGE_SECONDS = 30;
    static final int QUEUE_CAPACITY = 256;

    private final Ticker ticker;
    private final Hub hub;
    private final Map<String, FeedSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Ticker.Task task;

    public ResumableSocketFeed(Ticker ticker, Hub hub) {
        this.ticker = ticker;
        this.hub = hub;
        this.task = ticker.every(TICK, this::tick);
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

    /**
     * One connection of a session, a member of the session's room; {@code muted} is the "stop
     * answering" switch: a muted connection stays in the room but is sent nothing.
     */
    private final class Connection implements Subscriber {
        final FeedSession session;
        final WsContext ctx;
        final WebSocketSubscriber socket;
        volatile boolean muted;
        volatile long lastHeard = ticker.millis();

        Connection(FeedSession session, WsContext ctx, WebSocketOutbox outbox) {
            this.session = session;
            this.ctx = ctx;
            this.socket = new WebSocketSubscriber("resume", false, outbox);
        }

        WebSocketOutbox outbox() {
            return socket.outbox();
        }

        @Override
        public String name() {
            return socket.name();
        }

        @Override
        public boolean wantsPresence() {
            return false;
        }

        @Override
        public Delivery deliver(FeedEvent event) {
            if (muted) {
                return outbox().isOpen() ? Delivery.QUEUED : Delivery.CLOSED;
            }
            return socket.deliver(event);
        }
    }

    /** A numbered feed that outlives its connections. All state is guarded by the session's lock. */
    private static final class FeedSession {
        final String id;
        final Hub.Feed feed;
        Connection current;
        long detachedAt;
        long refuseUntil;
        boolean forgotten;

        FeedSession(String id, Hub.Feed feed, long now) {
            this.id = id;
            this.feed = feed;
            this.detachedAt = now;
        }
    }

    // region resume
    private void connect(WsConnectContext ctx) {
        String id = ctx.queryParam("session");
        long after = ClientIds.parseSeq(ctx.queryParam("after"));
        if (!ClientIds.isSessionId(id)) {
            ctx.closeSession(1008, "session= must be " + ClientIds.SESSION_ID_RULE);
            return;
        }
        if (after < -1) {
            ctx.closeSession(1008, "after= must be the last sequence number you received");
            return;
        }
        if (!sessions.containsKey(id) && (sessions.size() >= MAX_SESSIONS || !hub.hasRoomFor("wsresume:" + id))) {
            ctx.closeSession(1013, "too many demo sessions right now, try again later");
            return;
        }
        // Every socket of the app gets protocol pings, and is closed when nothing comes back (SocketHeartbeat).
        while (true) {
            FeedSession session = sessions.computeIfAbsent(id,
                    key -> new FeedSession(key, hub.feed("wsresume:" + key, HISTORY_TICKS, 256 * 1024), ticker.millis()));
            Connection connection = new Connection(session, ctx, WebSocketOutbox.of(ctx.session, QUEUE_CAPACITY, ticker));
            synchronized (session) {
                if (session.forgotten) {
                    continue; // the ticker forgot it a moment ago: take the new one
                }
                connections.put(ctx.sessionId(), connection);
                if (session.current != null) {
                    session.current.outbox().close(4000, "replaced by a newer connection");
                }
                session.current = connection;
                // The room greets, replays and goes live under its own lock: no gap, no repeat.
                // A replay that cannot be complete starts with the room's gap notice.
                long lastSeen = Math.max(after, 0);
                hub.join(session.feed.room(), connection, lastSeen, (replay, newest) ->
                        connection.outbox().offer(Json.object("type", "hello", "session", id, "after", lastSeen,
                                "replaying", replay.events().size(), "lastSeq", newest)));
                return;
            }
        }
    }
    // endregion

    // region tick
    private void tick() {
        long now = ticker.millis();
        for (FeedSession session : sessions.values()) {
            synchronized (session) {
                if (session.current == null && now - session.detachedAt > FORGET_AFTER_MILLIS) {
                    session.forgotten = true;
                    sessions.remove(session.id);
                    session.feed.close();
                    continue;
                }
                // Kept in the room's history for when the client comes back; sent now if it is there.
                session.feed.publish("tick", seq -> Json.object("type", "tick", "seq", seq, "sentAt", now));
                Connection connection = session.current;
                if (connection != null && now - connection.lastHeard > SILENCE_LIMIT_MILLIS) {
                    // No heartbeat: the client or the path to it is dead. Stop writing into the void.
                    connection.outbox().close(1001, "no heartbeat for " + SILENCE_LIMIT_MILLIS / 1000 + " s");
                    detach(session, connection);
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
        connection.lastHeard = ticker.millis(); // any message proves the client is alive
        JsonNode message;
        try {
            message = Json.mapper().readTree(ctx.message());
        } catch (Exception e) {
            connection.outbox().offer(Json.object("type", "error", "message", "send JSON, like {\"type\":\"ping\"}"));
            return;
        }
        switch (message.path("type").asText()) {
            case "ping" -> {
                if (!connection.muted) {
                    connection.outbox().offer(Json.object("type", "pong", "t", message.path("t").asLong()));
                }
            }
            case "drop" -> connection.ctx.session.disconnect(); // no close frame: the client sees 1006
            case "mute" -> {
                connection.outbox().offer(Json.object("type", "muted",
                        "message", "this connection will now stay silent: no pongs, no ticks"));
                connection.muted = true;
            }
            case "outage" -> {
                int seconds = Math.max(1, Math.min(MAX_OUTAGE_SECONDS, message.path("seconds").asInt(5)));
                synchronized (connection.session) {
                    connection.session.refuseUntil = ticker.millis() + seconds * 1000L;
                }
                connection.ctx.session.disconnect();
            }
            default -> connection.outbox().offer(Json.object("type", "error",
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
            wait = session.refuseUntil - ticker.millis();
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

    private void detach(FeedSession session, Connection connection) {
        hub.leave(session.feed.room(), connection, null);
        if (session.current == connection) {
            session.current = null;
            session.detachedAt = ticker.millis();
        }
    }

    @Override
    public void close() {
        task.cancel();
        List.copyOf(sessions.values()).forEach(session -> session.feed.close());
    }
}
