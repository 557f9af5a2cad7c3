package dev.realtimelab.shared;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A refused request or handshake with its reason in the body. Javalin 7 sends a refused
 * WebSocket handshake with an empty body, so for a handshake the reason is written here first:
 * a browser never shows it to the page, but curl, a Java client and the developer tools do.
 */
public final class Refusal {
    private Refusal() {}

    /** The exception to throw; for a handshake, the response is already written and sent. */
    public static HttpResponseException of(Context ctx, int status, String reason) {
        if ("websocket".equalsIgnoreCase(ctx.header("Upgrade")) && !ctx.res().isCommitted()) {
            try {
                byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
                ctx.res().setStatus(status);
                ctx.res().setContentType("text/plain; charset=utf-8");
                ctx.res().setContentLength(body.length);
                ctx.res().setHeader("X-Content-Type-Options", "nosniff");
                ctx.res().getOutputStream().write(body);
                ctx.res().flushBuffer();
            } catch (IOException e) {
                // the client left; the exception below still stops the upgrade
            }
        }
        return new HttpResponseException(status, reason);
    }
}
