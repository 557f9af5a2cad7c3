package dev.realtimelab.live;

import static dev.realtimelab.shared.ClientIds.BAD_SEQ;
import static dev.realtimelab.shared.ClientIds.parseSeq;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.shared.ClientIds;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.live.transport.WebSocketOutbox;
import dev.realtimelab.live.transport.WebSocketSubscriber;
import dev.realtimelab.shared.Limits;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chat rooms over both transports, on the one hub: {@code ws /ws/room/{room}} and
 * {@code GET}/{@code POST /sse/room/{room}}. A message sent on either reaches every member on
 * either. Members can pick a name with {@code ?name=}; {@code ?presence=off} spares a member
 * every join and leave (a big room otherwise sends each join to everyone: n joins, n² events).
 */
public final class RoomEndpoints {
    /** Policy violation, for a bad room or member name. */
    static final int POLICY = 1008;
    /** "Try again later", when the server has no room for another room. */
    static final int TRY_AGAIN_LATER = 1013;
    /**
     * How long EventSource should wait before it reconnects, in milliseconds: at least this, plus
     * up to {@link #SSE_RETRY_JITTER_MILLIS} at random, so that the members of an instance that
     * goes away do not all come back in the same instant (EventSource has no jitter of its own).
     */
    static final long SSE_RETRY_MILLIS = 2000;
    static final long SSE_RETRY_JITTER_MILLIS = 2000;

    private final Hub hub;
    private final EventStreams streams;
    private final Ticker ticker;
    private final int queueCapacity;
    private final Map<String, Membership> sockets = new ConcurrentHashMap<>();

    private record Membership(String room, WebSocketSubscriber member) {}

    public RoomEndpoints(Hub hub, EventStreams streams, Ticker ticker) {
        this(hub, streams, ticker, Hub.DEFAULT_QUEUE_CAPACITY);
    }

    /** {@code queueCapacity}: events a member may fall behind before it is dropped. */
    public RoomEndpoints(Hub hub, EventStreams streams, Ticker ticker, int queueCapacity) {
        this.hub = hub;
        this.streams = streams;
        this.ticker = ticker;
        this.queueCapacity = queueCapacity;
    }

    public void register(JavalinConfig config) {
        config.routes.ws("/ws/room/{room}", ws -> {
            ws.onConnect(this::socketJoins);
            ws.onMessage(this::socketSays);
            ws.onClose(this::socketLeaves);
            ws.onError(this::socketLeaves);
        });
        config.routes.get("/sse/room/{room}", this::streamJoins);
        config.routes.post("/sse/room/{room}", this::postPublishes);
        config.routes.get("/api/rooms", this::stats);
    }

    // region ws-join
    private void socketJoins(WsConnectContext ctx) {
        String room = ctx.pathParam("room");
        if (!Hub.isRoomName(room)) {
            ctx.closeSession(POLICY, "bad room name: " + Hub.ROOM_NAME_RULE);
            return;
        }
        String name = ctx.queryParam("name");
        if (name != null && !Hub.isMemberName(name)) {
            ctx.closeSession(POLICY, "bad name: " + Hub.MEMBER_NAME_RULE);
            return;
        }
        long lastSeen = parseSeq(ctx.queryParam("after"));
        if (lastSeen == BAD_SEQ) {
            ctx.closeSession(POLICY, "after= must be a sequence number");
            return;
        }
        // Every socket of the app is pinged, and closed when it answers nothing (SocketHeartbeat).
        WebSocketOutbox outbox = WebSocketOutbox.of(ctx.session, queueCapacity, ticker);
        WebSocketSubscriber member = new WebSocketSubscriber(
                name != null ? name : "ws-" + shortId(), wantsPresence(ctx.queryParam("presence")), outbox);
        sockets.put(ctx.sessionId(), new Membership(room, member));
        try {
            hub.join(room, member, lastSeen);
        } catch (Hub.RoomsFullException e) {
            sockets.remove(ctx.sessionId());
            ctx.closeSession(TRY_AGAIN_LATER, e.getMessage());
        }
    }
    // endregion

    // region ws-message
    private void socketSays(WsMessageContext ctx) {
        Membership membership = sockets.get(ctx.sessionId());
        if (membership == null) {
            return;
        }
        String text = ctx.message();
        if (text.isBlank()) {
            // Answer the sender only; an empty line is not worth a broadcast.
            membership.member().outbox().offer(Json.object("type", "error", "message", "empty messages are not sent"));
            return;
        }
        hub.publish(membership.room(), membership.member().name(), text);
    }

    private void socketLeaves(WsContext ctx) {
        Membership membership = sockets.remove(ctx.sessionId());
        if (membership != null) {
            hub.leave(membership.room(), membership.member(), null);
        }
    }
    // endregion

    // region sse-join
    private void streamJoins(Context ctx) {
        String room = ctx.pathParam("room");
        String name = ctx.queryParam("name");
        if (!validRoomAndName(ctx, room, name)) {
            return;
        }
        if (!hub.hasRoomFor(room)) {
            ctx.status(503).result("The server has too many rooms open. Try again later.");
            return;
        }
        // EventSource sends the id of the last event it saw when it reconnects; the room's
        // resume rule decides what that id is owed (anything it never sent gets a gap notice).
        // A new EventSource cannot send the header, so a page that moves a stream to another
        // server (lesson 13) passes it as ?lastEventId=, as EventSource polyfills do.
        String lastEventId = ctx.header("Last-Event-ID");
        long lastSeen = ClientIds.resumePoint(lastEventId != null ? lastEventId : ctx.queryParam("lastEventId"));
        EventStreamSubscriber member = streams.member(ctx, hub, room,
                name != null ? name : "sse-" + shortId(), wantsPresence(ctx.queryParam("presence")), queueCapacity);
        EventStream stream = member.stream();
        stream.retry(SSE_RETRY_MILLIS + ThreadLocalRandom.current().nextLong(SSE_RETRY_JITTER_MILLIS + 1));
        try {
            hub.join(room, member, lastSeen);
        } catch (Hub.RoomsFullException e) {
            stream.close();
        }
    }
    // endregion

    // region post
    private void postPublishes(Context ctx) {
        String room = ctx.pathParam("room");
        String name = ctx.queryParam("name");
        if (!validRoomAndName(ctx, room, name)) {
            return;
        }
        // RequestGuards already refused a declared Content-Length over the limit; a chunked body is measured here.
        byte[] body = ctx.bodyAsBytes();
        if (body.length > Limits.MAX_MESSAGE_BYTES) {
            ctx.status(413).result("A message may be at most " + Limits.MAX_MESSAGE_BYTES + " bytes.");
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            ctx.status(400).result("Empty message: send some text in the body.");
            return;
        }
        Hub.Published published = hub.publish(room, name != null ? name : "post", text);
        ctx.status(202).contentType("application/json")
                .result(Json.object("room", room, "seq", published.seq(), "members", published.members()));
    }
    // endregion

    /** Answers 400 and returns false for a room or member name outside the rules. */
    private static boolean validRoomAndName(Context ctx, String room, String name) {
        if (!Hub.isRoomName(room)) {
            ctx.status(400).result("Bad room name: " + Hub.ROOM_NAME_RULE + ".");
            return false;
        }
        if (name != null && !Hub.isMemberName(name)) {
            ctx.status(400).result("Bad name: " + Hub.MEMBER_NAME_RULE + ".");
            return false;
        }
        return true;
    }

    private void stats(Context ctx) {
        // members: on this instance; backplane and degraded: whether rooms reach the other instances.
        ctx.contentType("application/json").result(Json.object("rooms", hub.roomCount(), "members", hub.memberCount(),
                "backplane", hub.backplane(), "degraded", hub.degraded()));
    }

    private static boolean wantsPresence(String parameter) {
        return !"off".equals(parameter);
    }

    private static String shortId() {
        return String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
