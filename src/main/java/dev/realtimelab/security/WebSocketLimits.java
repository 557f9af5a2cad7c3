package dev.realtimelab.security;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs every connection cap and message rate limit of the app from ONE {@code wsBefore} handler.
 * Javalin allows a single {@code wsBefore} per path (a second {@code wsBefore("*")} fails at
 * start), and runs it ahead of the endpoint's own handler; when it throws, the endpoint does
 * not see the event. So: add limits here, do not register another {@code wsBefore("*")}.
 */
public final class WebSocketLimits {
    private final List<ConnectionCaps> caps = new CopyOnWriteArrayList<>();
    private final List<MessageRateLimit> rates = new CopyOnWriteArrayList<>();

    public WebSocketLimits add(ConnectionCaps cap) {
        caps.add(cap);
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
            ws.onConnect(ctx -> caps.forEach(cap -> cap.connected(ctx)));
            ws.onMessage(ctx -> rates.forEach(rate -> rate.take(ctx)));
            ws.onBinaryMessage(ctx -> rates.forEach(rate -> rate.take(ctx)));
            ws.onClose(ctx -> {
                caps.forEach(cap -> cap.closed(ctx));
                rates.forEach(rate -> rate.closed(ctx));
            });
        });
        // A limit threw: the endpoint was skipped; close with the limit's code and reason.
        routes.wsException(LimitExceeded.class, (e, ctx) -> {
            if (ctx.session.isOpen()) {
                ctx.closeSession(e.code(), e.getMessage());
            }
        });
    }
    // endregion

    /** The socket's path, without the query string. */
    static String path(WsContext ctx) {
        return ctx.session.getUpgradeRequest().getRequestURI().getPath();
    }
}
