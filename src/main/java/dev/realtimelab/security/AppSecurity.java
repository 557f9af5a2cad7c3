package dev.realtimelab.security;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.security.lab.DeliberatelyVulnerable;
import dev.realtimelab.security.lab.SecurityLabs;
import dev.realtimelab.shared.Refusal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsHandlerType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Every protection of the app in one place, wired by App with one call: the guards in front of
 * each request and handshake, the Origin allow-list, WebSocket caps and rate limits, body size,
 * the limits Jetty enforces below every route (per-address caps, deadlines, worker threads, its
 * own error pages), TLS, and the security labs with their second origin.
 */
public final class AppSecurity implements AutoCloseable {
    private final SecuritySettings settings;
    private final OriginPolicy origins;
    private final Path root;
    private final SecurityEvents events = new SecurityEvents();
    private final SecurityLabs labs;
    private final Set<String> webSocketPaths = new TreeSet<>();
    private final WebSocketLimits limits;
    private final ConnectionCaps caps;
    private final RoomQuota rooms;
    private final ServerLimits server;

    /**
     * {@code root}: the course folder; {@code dev}: serve the attacker page from the sources;
     * {@code ticker}, {@code hub} and {@code streams}: the app's, for the limits and the labs' feed.
     */
    public AppSecurity(SecuritySettings settings, OriginPolicy origins, Path root, boolean dev,
                       Ticker ticker, Hub hub, EventStreams streams) {
        this.limits = new WebSocketLimits(ticker);
        this.caps = new ConnectionCaps(settings.maxSockets(), settings.maxSocketsPerAddress(), LIMITED, events);
        this.rooms = new RoomQuota(settings.perAddress().rooms(), events);
        this.server = new ServerLimits(settings, events, rooms);
        this.settings = settings;
        this.origins = settings.tls() ? origins.servingHttpAndHttps() : origins;
        this.root = root;
        this.labs = new SecurityLabs(this.origins, events, settings, dev ? root.resolve("src/main/resources/lab-origin") : null,
                ticker, hub, streams);
    }

    // region register
    /** The sockets the caps and the rate limit cover: all but the labs' deliberately unprotected ones. */
    private static final Predicate<String> LIMITED = path -> !DeliberatelyVulnerable.skipsLimits(path);

    /**
     * {@code securityHeaders} go on refused handshakes and on the pages Jetty answers with itself;
     * {@code errorPage} is the course's page for an HTTP status.
     */
    public void register(JavalinConfig config, Map<String, String> securityHeaders, IntFunction<String> errorPage) {
        RequestGuards guards = new RequestGuards(origins, settings.maxRequestBytes(), events);
        config.http.maxRequestSize = settings.maxRequestBytes();
        server.register(config, securityHeaders, errorPage);
        config.routes.before(guards::request);
        config.routes.wsBeforeUpgrade(ctx -> {
            securityHeaders.forEach(ctx::header); // a refused handshake carries them like any page
            RequestGuards.discardSessionMadeForThisHandshake(ctx);
            checkOrigin(ctx); // first: a page from another origin learns nothing else about the server
            guards.handshake(ctx);
        });
        limits.add(caps)
                .add(rooms)
                .add(new MessageRateLimit(settings.messagesPerSecond(), settings.messageBurst(), LIMITED, events))
                .register(config.routes);
        if (settings.tls()) {
            Tls.serveBoth(config, root.resolve(".realtime-lab"));
        }
        config.events.wsHandlerAdded(handler -> {
            if (handler.getHandlerType() == WsHandlerType.WEBSOCKET) {
                webSocketPaths.add(handler.getPath());
            }
        });
        labs.register(config, limits);
    }
    // endregion

    // region origin
    /**
     * The Origin allow-list on every handshake but lab 09's deliberately unchecked one. A handshake
     * without Origin is a program, not a browser page: let in on the public demo sockets only.
     */
    private void checkOrigin(Context ctx) {
        if (DeliberatelyVulnerable.skipsOriginCheck(ctx.path()) || origins.admits(ctx)) {
            return;
        }
        String origin = ctx.header("Origin");
        events.record(403, ctx.path(), ClientAddress.of(ctx),
                origin == null ? "no Origin header (a program, not a browser page) on a socket that is not a public demo" : "Origin " + origin + " is not allowed");
        throw Refusal.of(ctx, 403, origins.refusal(ctx));
    }
    // endregion

    /**
     * Call once the app listens on {@code port}: starts the labs' second origin on the next port
     * (or the configured one; any free one when the app's port was chosen at random).
     */
    public void started(int port, boolean randomPort) {
        int attackerPort = settings.labPort() != SecuritySettings.LAB_PORT_NEXT ? settings.labPort()
                : randomPort || port == 65535 ? 0 : port + 1;
        labs.start(port, attackerPort);
    }

    public SecuritySettings settings() {
        return settings;
    }

    /** Where the attack lab's second origin listens, or -1. */
    public int attackerPort() {
        return labs.attackerPort();
    }

    /** WebSockets open now under the caps (counted once the server has opened them). */
    public int openSockets() {
        return caps.open();
    }

    /** Worker threads now, busy or idle. */
    public int workerThreads() {
        return server.workerThreads();
    }

    /** TCP connections open now, of every kind. */
    public int openConnections() {
        return server.connections();
    }

    /** HTTP requests in progress now, event streams included. */
    public int requestsInProgress() {
        return server.requestsInProgress();
    }

    /** Rooms {@code address} is in now, over WebSockets and event streams. */
    public int roomsOf(String address) {
        return rooms.roomsOf(address);
    }

    /** Every WebSocket route of the app, as registered (path parameters unfilled). */
    public List<String> webSocketPaths() {
        return List.copyOf(webSocketPaths);
    }

    @Override
    public void close() {
        labs.close();
    }
}
