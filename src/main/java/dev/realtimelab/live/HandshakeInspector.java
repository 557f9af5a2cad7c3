package dev.realtimelab.live;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsConnectContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ws /ws/handshake}: right after the upgrade, tells the client what its handshake looked
 * like from the server's side: the request line and headers exactly as they arrived, the
 * {@code 101} response Jetty sent, and {@code Sec-WebSocket-Accept} recomputed step by step.
 * Browser JavaScript can see none of this itself.
 */
public final class HandshakeInspector {
    public static final String PATH = "/ws/handshake";
    /** The fixed GUID of RFC 6455 section 1.3, appended to every key. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** Subprotocols this endpoint speaks, best first; the demo lets the learner offer some. */
    public static final List<String> SUBPROTOCOLS = List.of("lab.v2", "lab.v1");

    private static final String CAPTURED = "handshake.captured";

    /**
     * Filled in around the upgrade, read once the socket is open (Jetty recycles the HTTP
     * request and response by then, so they must be copied while they still exist).
     */
    private static final class Captured {
        volatile Request request;
        volatile Response response;
    }

    /** One header line as it arrived or left. */
    public record Header(String name, String value) {}

    public record Request(String method, String target, String version, List<Header> headers) {}

    public record Response(int status, String reason, List<Header> headers) {}

    /** Each step of the accept computation, so the page can show them in order. */
    public record AcceptSteps(String key, String guid, String concatenated, String sha1Hex, String accept) {}

    /** What the server sends as the first message on the socket. */
    public record Report(Request request, Response response, AcceptSteps accept, boolean acceptMatches,
                         String subprotocol) {}

    public void register(JavalinConfig config) {
        config.routes.wsBeforeUpgrade(PATH, this::beforeUpgrade);
        config.routes.wsAfterUpgrade(PATH, this::afterUpgrade);
        config.routes.ws(PATH, ws -> ws.onConnect(this::report));
    }

    // region accept
    /** Sec-WebSocket-Accept = base64(SHA-1(key + GUID)), RFC 6455 section 4.2.2. */
    public static AcceptSteps accept(String key) {
        String concatenated = key + GUID;
        byte[] sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1").digest(concatenated.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        String accept = Base64.getEncoder().encodeToString(sha1);
        return new AcceptSteps(key, GUID, concatenated, HexFormat.of().formatHex(sha1), accept);
    }
    // endregion

    /**
     * Runs before Jetty answers: records the request as it arrived (in order, which the
     * upgraded socket no longer knows) and picks a subprotocol if the client offered one.
     */
    private void beforeUpgrade(Context ctx) {
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            for (String value : Collections.list(ctx.req().getHeaders(name))) {
                headers.add(new Header(name, value));
            }
        }
        String target = ctx.req().getRequestURI() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        Captured captured = new Captured();
        captured.request = new Request(ctx.method().name(), target, ctx.req().getProtocol(), headers);
        ctx.attribute(CAPTURED, captured);

        // Javalin echoes the first offered subprotocol by default; answer only with one we speak.
        ctx.res().setHeader("Sec-WebSocket-Protocol", chooseSubprotocol(ctx.req().getHeaders("Sec-WebSocket-Protocol")));
    }

    /** Runs once Jetty has validated the handshake and set the 101 response head. */
    private void afterUpgrade(Context ctx) {
        Captured captured = ctx.attribute(CAPTURED);
        if (captured == null) {
            return;
        }
        List<Header> headers = new ArrayList<>();
        for (String name : ctx.res().getHeaderNames()) {
            if (name.equalsIgnoreCase("Content-Length")) {
                continue; // a 1xx response has no body; Jetty leaves this header off the wire
            }
            for (String value : ctx.res().getHeaders(name)) {
                headers.add(new Header(name, value));
            }
        }
        captured.response = new Response(ctx.res().getStatus(), "Switching Protocols", headers);
    }

    // region subprotocol
    /**
     * The client lists what it speaks; the server answers with exactly one of those, or with
     * none (then a browser that offered some fails the connection). Here: the first of ours
     * that the client offered.
     */
    static String chooseSubprotocol(Enumeration<String> offeredHeaders) {
        List<String> offered = new ArrayList<>();
        for (String header : Collections.list(offeredHeaders)) {
            for (String token : header.split(",")) {
                offered.add(token.strip());
            }
        }
        return SUBPROTOCOLS.stream().filter(offered::contains).findFirst().orElse(null);
    }
    // endregion

    private void report(WsConnectContext ctx) {
        Captured captured = ctx.attribute(CAPTURED);
        if (captured == null || captured.response == null) {
            ctx.closeSession(1011, "the handshake was not recorded");
            return;
        }
        Response response = captured.response;
        AcceptSteps steps = accept(ctx.header("Sec-WebSocket-Key"));
        String sentAccept = headerValue(response.headers(), "Sec-WebSocket-Accept");
        ctx.send(new Report(captured.request, response, steps, steps.accept().equals(sentAccept),
                headerValue(response.headers(), "Sec-WebSocket-Protocol")));
    }

    private static String headerValue(List<Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }
}
