package dev.realtimelab.security;

import dev.realtimelab.live.hub.Ticker;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every connection cap and message rate limit of the app from ONE {@code wsBefore} handler.
 * Javalin allows a single {@code wsBefore} per path (a second {@code wsBefore("*")} fails at
 * start), and runs it ahead of the endpoint's own handler; when it throws, the endpoint does
 * not see the event. So: add limits here, do not register another {@code wsBefore("*")}.
 */
public final class WebSocketLimits {
    /** A socket over a message limit is closed once its sender has been quiet this long... */
    static final long QUIET_MILLIS = 100;
    /** ...or this long after the limit was hit, whichever comes first. */
    static final long LONGEST_WAIT_MILLIS = 1000;

    /** A socket over a limit, waiting for its sender to pause. */
    private record Closing(WsContext ctx, int code, String reason, long since, AtomicLong lastMessage) {}

    private final List<SocketCap> caps = new CopyOnWriteArrayList<>();
    private final List<MessageRateLimit> rates = new CopyOnWriteArrayList<>();
    private final Map<String, Closing> closing = new ConcurrentHashMap<>();
    private final Ticker ticker;

    public WebSocketLimits(Ticker ticker) {
        this.ticker = ticker;
    }

    public WebSocketLimits add(ConnectionCaps cap) {
        caps.add(cap);
        return this;
    }

    WebSocketLimits add(RoomQuota quota) {
        caps.add(quota);
        return this;
    }

    public WebSocketLimits add(MessageRateLimit rate) {
        rates.add(rate);
        return this;
    }

    // region register
    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(ctx -> caps.forEach(cap -> cap.admit(ctx)));
        routes.wsBefore(ws -> {
            ws.onConnect(ctx -> {
                String path = path(ctx);
                caps.forEach(cap -> cap.connected(ctx, path));
            });
            ws.onMessage(this::beforeMessage);
            ws.onBinaryMessage(this::beforeMessage);
            ws.onClose(ctx -> {
                closing.remove(ctx.sessionId());
                caps.forEach(cap -> cap.closed(ctx));
                rates.forEach(rate -> rate.closed(ctx));
            });
        });
        // A limit threw, so the endpoint was skipped: close with the limit's code and reason.
        routes.wsException(LimitExceeded.class, (e, ctx) -> {
            if (e == LimitExceeded.DROPPED || !ctx.session.isOpen()) {
                return;
            }
            if (e.closesWhenQuiet()) {
                closeWhenQuiet(ctx, e);
            } else {
                ctx.closeSession(e.code(), e.getMessage());
            }
        });
    }

    private void beforeMessage(WsContext ctx) {
        Closing pending = closing.get(ctx.sessionId());
        if (pending != null) {
            pending.lastMessage().set(ticker.millis());
            throw LimitExceeded.DROPPED; // over the limit already: nothing more reaches the endpoint
        }
        String path = path(ctx);
        rates.forEach(rate -> rate.take(ctx, path));
    }
    // endregion

    // region close-when-quiet
    /**
     * Closing a socket while its sender is still writing makes Jetty reset the connection, and
     * the reset can destroy the close frame before the client reads it: the client would see
     * 1006 instead of 1013 and never learn why. So the socket is closed when the sender pauses
     * (everything it sends meanwhile is dropped), or after a second at most.
     */
    private void closeWhenQuiet(WsContext ctx, LimitExceeded e) {
        long now = ticker.millis();
        Closing pending = new Closing(ctx, e.code(), e.getMessage(), now, new AtomicLong(now));
        if (closing.putIfAbsent(ctx.sessionId(), pending) == null) {
            ticker.after(Duration.ofMillis(QUIET_MILLIS), () -> closeIfQuiet(pending));
        }
    }

    private void closeIfQuiet(Closing pending) {
        long now = ticker.millis();
        boolean quiet = now - pending.lastMessage().get() >= QUIET_MILLIS;
        boolean waitedEnough = now - pending.since() >= LONGEST_WAIT_MILLIS;
        if (quiet || waitedEnough) {
            if (pending.ctx().session.isOpen()) {
                pending.ctx().closeSession(pending.code(), pending.reason());
            }
        } else {
            ticker.after(Duration.ofMillis(QUIET_MILLIS), () -> closeIfQuiet(pending));
        }
    }
    // endregion

    /** The socket's path, without the query string. Read once per event and handed to every limit. */
    private static String path(WsContext ctx) {
        return ctx.session.getUpgradeRequest().getRequestURI().getPath();
    }
}
