package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

/**
 * A limit on WebSockets held open, run by {@link WebSocketLimits}: checked before the upgrade
 * (so a refused client gets a status and a reason), counted once the socket is open, released
 * when it closes.
 */
interface SocketCap {
    /** Before the upgrade: throws the refusal when the cap is reached. */
    void admit(Context ctx);

    /** The socket is open: counts it, or throws {@link LimitExceeded} if it slipped past a full cap. */
    void connected(WsContext ctx, String path);

    void closed(WsContext ctx);
}
