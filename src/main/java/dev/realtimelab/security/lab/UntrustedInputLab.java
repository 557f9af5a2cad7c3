package dev.realtimelab.security.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lab 11, what clients send. A chat that relays whatever it gets (the XSS lab renders it two
 * ways), a pair of endpoints for abuse (one unprotected on purpose, one with limits and a
 * schema), and a plain echo for the {@code wss://} lab.
 */
final class UntrustedInputLab {
    static final String CHAT = "/labs/chat";
    static final String FRAME = "/labs/xss/frame";
    static final String PROTECTED = "/labs/abuse/protected";
    static final String ECHO = "/labs/echo";
    /** The protected endpoint's own limits, small enough to hit by hand. */
    static final int PROTECTED_MAX_SOCKETS = 3;
    static final int PROTECTED_PER_SECOND = 5;
    static final int PROTECTED_BURST = 10;
    static final Duration PROTECTED_IDLE = Duration.ofSeconds(5);
    static final int UNPROTECTED_MAX_BYTES = 1024 * 1024;
    static final int MAX_TEXT_CHARS = 500;

    /**
     * The frame that renders chat messages. Sandboxed twice (the iframe's sandbox attribute and
     * this policy's sandbox directive): its scripts run in an opaque origin, with no access to
     * the course's cookies, storage or page. Inline handlers are allowed here, and only here, so
     * the attack can run.
     */
    // region frame-policy
    static final String FRAME_POLICY = String.join("; ",
            "sandbox allow-scripts",
            "default-src 'none'",
            "script-src 'self' 'unsafe-inline'",
            "style-src 'self'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'");
    // endregion

    /** The mixed-content probe: allows ws: and wss: to any host, so only the browser's own rule refuses. */
    static final String PROBE = "/labs/tls/probe";
    static final String PROBE_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self' ws: wss:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private final Set<WsContext> chat = ConcurrentHashMap.newKeySet();
    private final boolean tls;

    UntrustedInputLab(boolean tls) {
        this.tls = tls;
    }

    void register(RoutesConfig routes) {
        routes.ws(CHAT, ws -> {
            ws.onConnect(chat::add);
            ws.onClose(chat::remove);
            ws.onMessage(this::relay);
        });
        routes.get(FRAME, ctx -> page(ctx, "/labs/xss-frame.html", FRAME_POLICY));
        routes.ws(DeliberatelyVulnerable.ABUSE_UNPROTECTED, ws -> {
            ws.onConnect(this::openUnprotected);
            ws.onMessage(ctx -> acceptAnything(ctx, ctx.message().length()));
            ws.onBinaryMessage(ctx -> acceptAnything(ctx, ctx.data().remaining()));
        });
        routes.ws(PROTECTED, ws -> {
            ws.onConnect(this::openProtected);
            ws.onMessage(this::acceptValid);
        });
        routes.ws(ECHO, ws -> ws.onMessage(ctx -> ctx.send(ctx.message())));
        routes.get("/labs/tls", ctx -> ctx.json(Map.of("tls", tls)));
        routes.get(PROBE, ctx -> page(ctx, "/labs/tls-probe.html", PROBE_POLICY));
    }

    // region relay
    /** Deliberately naive: every text goes to every member as it came. Rendering decides the rest. */
    private void relay(WsMessageContext ctx) {
        for (WsContext member : chat) {
            if (member.session.isOpen()) {
                member.send(ctx.message());
            }
        }
    }
    // endregion

    /** Serves a lab page from the classpath under its own policy, which replaces the app-wide one. */
    private static void page(Context ctx, String resource, String policy) throws IOException {
        try (InputStream in = UntrustedInputLab.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            ctx.header("Content-Security-Policy", policy);
            ctx.html(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void openUnprotected(WsContext ctx) {
        ctx.session.setMaxTextMessageSize(UNPROTECTED_MAX_BYTES);
        ctx.session.setMaxBinaryMessageSize(UNPROTECTED_MAX_BYTES);
        // The app refuses a frame over 128 KiB from its header on; this endpoint takes Jetty's old way.
        ctx.session.setMaxFrameSize(UNPROTECTED_MAX_BYTES);
        ctx.session.setAutoFragment(true);
        ctx.session.setIdleTimeout(Duration.ZERO); // never closes an idle socket
        ctx.attribute("count", new AtomicInteger());
        ctx.send(Json.object("hello", "unprotected", "maxMessageBytes", UNPROTECTED_MAX_BYTES));
    }

    private void acceptAnything(WsContext ctx, int size) {
        AtomicInteger count = ctx.attribute("count");
        ctx.send(Json.object("accepted", count.incrementAndGet(), "size", size));
    }

    // region protected
    private void openProtected(WsContext ctx) {
        long appIdleSeconds = ctx.session.getIdleTimeout().toSeconds(); // what every socket of the app gets
        ctx.session.setIdleTimeout(PROTECTED_IDLE); // shorter here, so the lab can show it
        ctx.attribute("count", new AtomicInteger());
        ctx.send(Json.object("hello", "protected", "idleTimeoutSeconds", PROTECTED_IDLE.toSeconds(),
                "appIdleTimeoutSeconds", appIdleSeconds, "maxSockets", PROTECTED_MAX_SOCKETS,
                "messagesPerSecond", PROTECTED_PER_SECOND, "burst", PROTECTED_BURST));
    }

    /** Only {"text": "..."} with 1 to 500 characters passes; anything else gets a clear error. */
    private void acceptValid(WsMessageContext ctx) {
        List<String> problems = validate(ctx.message());
        if (!problems.isEmpty()) {
            ctx.send(Json.object("error", "invalid message: " + String.join("; ", problems)));
            return;
        }
        acceptAnything(ctx, ctx.message().length()); // valid: answered as the unprotected endpoint answers
    }

    static List<String> validate(String message) {
        List<String> problems = new ArrayList<>();
        JsonNode node;
        try {
            node = Json.mapper().readTree(message);
        } catch (IOException e) {
            return List.of("not JSON");
        }
        if (node == null || !node.isObject()) {
            return List.of("expected a JSON object");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            problems.add("text must be a string");
        } else if (text.asText().isEmpty() || text.asText().length() > MAX_TEXT_CHARS) {
            problems.add("text must have 1 to " + MAX_TEXT_CHARS + " characters");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("text")) {
                problems.add("unknown field " + (name.length() > 20 ? name.substring(0, 20) + "..." : name));
            }
        }
        return problems;
    }
    // endregion
}
