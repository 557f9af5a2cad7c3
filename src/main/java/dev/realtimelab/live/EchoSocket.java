package dev.realtimelab.live;

import io.javalin.config.JavalinConfig;
import java.nio.ByteBuffer;

/**
 * {@code ws /ws/echo}: sends every message back to its sender, text as text and binary as
 * binary. The origin check and the 64 KiB limit (close 1009) apply here as to every socket.
 */
public final class EchoSocket {
    public static final String PATH = "/ws/echo";

    public void register(JavalinConfig config) {
        config.routes.ws(PATH, ws -> {
            // region handler
            ws.onMessage(ctx -> ctx.send(ctx.message()));
            ws.onBinaryMessage(ctx -> {
                // Jetty may reuse the received buffer once this handler returns, and the send
                // is asynchronous, so echo a copy.
                ByteBuffer received = ctx.data();
                ByteBuffer copy = ByteBuffer.allocate(received.remaining()).put(received.duplicate()).flip();
                ctx.send(copy);
            });
            // endregion
        });
    }
}
