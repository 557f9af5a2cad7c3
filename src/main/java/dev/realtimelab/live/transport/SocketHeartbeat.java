package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.Staggered;
import dev.realtimelab.live.hub.Ticker;
import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

/**
 * Pings every open WebSocket of the app and closes the ones that answer nothing. A ping keeps
 * proxies from idling a quiet connection out, and a live peer answers it with a pong; but the
 * server's own pings count as activity for Jetty's idle timeout, so a dead or silent peer would
 * be kept forever. So what counts here is only what comes back: a socket from which no byte (no
 * message, no pong) has arrived for {@code silenceLimit} is closed with 1001.
 */
public final class SocketHeartbeat implements AutoCloseable {
    /** Going away: the peer stopped answering. */
    public static final int SILENT = 1001;

    private final Ticker ticker;
    private final Duration pingEvery;
    private final Duration silenceLimit;
    private final Map<Session, Heard> heard = new ConcurrentHashMap<>();
    private Staggered<Session> beats;

    /** When something last came from one socket, and how many bytes had come by then. */
    private record Heard(long bytesIn, long atMillis) {}

    public SocketHeartbeat(Ticker ticker, Duration pingEvery, Duration silenceLimit) {
        this.ticker = ticker;
        this.pingEvery = pingEvery;
        this.silenceLimit = silenceLimit;
    }

    /**
     * Watches every socket of the app from an after-handler on every path (the one
     * {@code wsBefore} belongs to the limits), which sees each socket open and close.
     */
    public void register(JavalinConfig config) {
        config.routes.wsAfter(ws -> {
            ws.onConnect(ctx -> {
                heard.putIfAbsent(ctx.session, new Heard(-1, ticker.millis()));
                beats.add(ctx.session);
            });
            ws.onClose(ctx -> forget(ctx.session));
            ws.onError(ctx -> forget(ctx.session));
        });
        beats = new Staggered<>(ticker, pingEvery, this::beat);
    }

    private void forget(Session session) {
        heard.remove(session);
        beats.remove(session);
    }

    // region beat
    /** Each socket's turn, once a ping period: close it if it has been silent too long, else ping it. */
    private void beat(Session session) {
        Heard last = heard.get(session);
        if (last == null || !session.isOpen()) {
            forget(session);
            return;
        }
        long now = ticker.millis();
        long bytesIn = bytesIn(session);
        if (bytesIn != last.bytesIn()) {
            heard.put(session, new Heard(bytesIn, now)); // it said something: alive
        } else if (now - last.atMillis() >= silenceLimit.toMillis()) {
            forget(session);
            session.close(SILENT, "nothing heard for " + silenceLimit.toSeconds() + " s", Callback.NOOP);
            return;
        }
        if (!watchedByJetty(session)) {
            session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
        }
    }
    // endregion

    /**
     * A socket whose own idle timeout is shorter than the ping period (a lab shows one) is closed
     * by Jetty before a ping could matter; a ping, being traffic, would only put that close off.
     */
    private boolean watchedByJetty(Session session) {
        Duration idle = session.getIdleTimeout();
        return !idle.isZero() && !idle.isNegative() && idle.compareTo(pingEvery) < 0;
    }

    /** Bytes received on the socket's connection since the upgrade: pongs count, unlike at the API. */
    private static long bytesIn(Session session) {
        if (session instanceof WebSocketSession jetty
                && jetty.getCoreSession() instanceof org.eclipse.jetty.websocket.core.WebSocketCoreSession core) {
            WebSocketConnection connection = core.getConnection();
            if (connection != null) {
                return connection.getBytesIn();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        if (beats != null) {
            beats.close();
        }
    }
}
