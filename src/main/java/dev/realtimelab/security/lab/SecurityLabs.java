package dev.realtimelab.security.lab;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.security.ConnectionCaps;
import dev.realtimelab.security.MessageRateLimit;
import dev.realtimelab.security.OriginPolicy;
import dev.realtimelab.security.SecurityEvents;
import dev.realtimelab.security.SecuritySettings;
import dev.realtimelab.security.Tickets;
import dev.realtimelab.security.WebSocketLimits;
import io.javalin.config.JavalinConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The security labs of lessons 09 to 11: their endpoints under /labs/ (loopback only, see
 * RequestGuards), the "what the server saw" feed, and the attacker's second origin.
 */
public final class SecurityLabs implements AutoCloseable {
    static final Duration TICKET_LIFETIME = Duration.ofSeconds(30);

    private final EventStreams streams;
    private final LabFeed feed;
    private final LabSessions sessions;
    private final AttackerOrigin attacker = new AttackerOrigin();
    private final OriginPolicy origins;
    private final SecurityEvents events;
    private final SecuritySettings settings;
    private final Path attackerSources;

    /**
     * {@code attackerSources}: the attacker page's folder to serve from (dev mode), or null for the
     * jar's copy; {@code ticker}, {@code hub} and {@code streams} are the app's.
     */
    public SecurityLabs(OriginPolicy origins, SecurityEvents events, SecuritySettings settings, Path attackerSources,
                        Ticker ticker, Hub hub, EventStreams streams) {
        this.streams = streams;
        this.feed = new LabFeed(hub, streams);
        this.sessions = new LabSessions(ticker);
        this.origins = origins;
        this.events = events;
        this.settings = settings;
        this.attackerSources = attackerSources;
        events.subscribe(event -> {
            if (event.path().startsWith("/labs/hijack/")) {
                feed.publish("hijack", "refused", event.toString());
            } else if (event.path().startsWith(AuthLab.PREFIX)) {
                feed.publish("auth", "refused", event.toString());
            } else if (event.path().startsWith("/labs/abuse/")) {
                feed.publish("abuse", "refused", event.toString());
            }
        });
    }

    /** Registers the labs' routes; their own, smaller limits join the app's {@code limits}. */
    public void register(JavalinConfig config, WebSocketLimits limits) {
        var routes = config.routes;
        sessions.register(routes);
        routes.get("/labs/feed", feed::open);
        new HijackLab(sessions, feed, streams, attacker::port).register(routes);
        new AuthLab(sessions, feed, new Tickets(TICKET_LIFETIME, Clock.systemUTC()), origins).register(routes);
        new UntrustedInputLab(settings.tls()).register(routes);
        // The protected abuse endpoint gets limits small enough to reach by hand, on top of the app's.
        limits.add(new ConnectionCaps(settings.maxSockets(), UntrustedInputLab.PROTECTED_MAX_SOCKETS,
                        UntrustedInputLab.PROTECTED::equals, events))
                .add(new MessageRateLimit(UntrustedInputLab.PROTECTED_PER_SECOND, UntrustedInputLab.PROTECTED_BURST,
                        UntrustedInputLab.PROTECTED::equals, events));
        config.jetty.modifyServer(server -> server.setRequestLog(LabAccessLog.into(feed)));
    }

    /** Starts the attacker's origin on {@code attackerPort} (0: any) once the course listens on {@code coursePort}. */
    public void start(int coursePort, int attackerPort) {
        attacker.start(attackerPort, coursePort, attackerSources);
    }

    /** The attacker origin's port, or -1 before {@link #start}. */
    public int attackerPort() {
        return attacker.port();
    }

    @Override
    public void close() {
        attacker.close();
        sessions.close();
        feed.close();
    }
}
