package dev.realtimelab.security;

import dev.realtimelab.shared.Limits;
import io.javalin.config.JavalinConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * The protections that live in Jetty, below every route: what a request must look like to be
 * read at all, how long and how much a client may send, what one address may hold, the worker
 * threads, and the page Jetty answers with when it refuses something itself.
 */
final class ServerLimits {
    /** Worker threads kept when idle; the rest end after {@link #IDLE_THREAD_MILLIS}. */
    static final int MIN_THREADS = 8;
    static final int IDLE_THREAD_MILLIS = 10_000;

    private final SecuritySettings settings;
    private final SecurityEvents events;
    private final RoomQuota rooms;
    private final QueuedThreadPool workers;
    private volatile ClientConnections connections;
    private volatile RequestQuota requests;
    /** Javalin's servlet context, known before its WebSocket factory is configured. */
    private final AtomicReference<ServletContextHandler> context = new AtomicReference<>();

    ServerLimits(SecuritySettings settings, SecurityEvents events, RoomQuota rooms) {
        this.settings = settings;
        this.events = events;
        this.rooms = rooms;
        // Bounded, and shrinking back: Jetty's default lets one idle thread go per minute, so a
        // burst of 250 took hours to give its threads back.
        this.workers = new QueuedThreadPool(settings.workerThreads(), MIN_THREADS, IDLE_THREAD_MILLIS);
        this.workers.setName("worker");
        this.workers.setMaxEvictCount(settings.workerThreads());
    }

    // region jetty
    void register(JavalinConfig config, Map<String, String> securityHeaders, IntFunction<String> errorPage) {
        config.jetty.threadPool = workers;
        config.jetty.modifyHttpConfiguration(http -> {
            // Javalin asks for LEGACY so that its router sees ambiguous paths (and answers 404);
            // but LEGACY also lets through escapes that are not UTF-8 (%u0041, a cut-off %C3),
            // which Javalin's decoder then throws on: 500. Those are refused here with 400.
            http.setUriCompliance(http.getUriCompliance().without("realtime-lab",
                    UriCompliance.Violation.UTF16_ENCODINGS, UriCompliance.Violation.TRUNCATED_UTF8_ENCODING));
        });
        config.jetty.modifyWebSocketServletFactory(factory -> {
            // A frame header announcing more than Limits.MAX_FRAME_BYTES is refused (1009) as soon
            // as it is read, rather than after its payload has been waited for. Jetty checks the
            // frame size only when it does not cut big frames into pieces itself.
            factory.setMaxFrameSize(Limits.MAX_FRAME_BYTES);
            factory.setAutoFragment(false);
            withoutCompression(context.get());
        });
        config.jetty.modifyServer(server -> {
            ErrorPages pages = new ErrorPages(securityHeaders, errorPage, events);
            server.setErrorHandler(pages);
            // Every body over the limit gets 413, declared or chunked, whether or not a route reads it.
            server.insertHandler(new SizeLimitHandler(settings.maxRequestBytes(), -1));
            requests = new RequestQuota(settings.perAddress(), rooms, events);
            server.insertHandler(requests);
            connections = new ClientConnections(server, settings.perAddress().connections(), settings.requestDeadline(), events);
            server.addBean(connections);
            // A backstop under every other limit: past it Jetty stops accepting connections for a while.
            server.addBean(new NetworkConnectionLimit(settings.maxConnections(), server));
            withoutStatistics(server);
        });
        config.jetty.modifyServletContextHandler(handler -> {
            context.set(handler);
            handler.setErrorHandler(new ErrorPages(securityHeaders, errorPage, events));
        });
    }
    // endregion

    /**
     * Declines {@code permessage-deflate}, which every browser offers and Jetty accepts unless
     * told otherwise. Its compressor keeps a window per socket, so a room compresses each message
     * once per member instead of sharing one encoding, and every socket holds a compressor's
     * memory. Compressing what one client sent beside what it may not read also lets the sizes
     * of the frames give the hidden part away (the CRIME attack, on TLS compression).
     */
    private static void withoutCompression(ServletContextHandler context) {
        WebSocketServerComponents.getWebSocketComponents(context).getExtensionRegistry().unregister("permessage-deflate");
    }

    /**
     * Javalin puts a StatisticsHandler in every server. Nothing reads its figures, and it wraps
     * every response write in a callback of its own and a copy of the buffer's bounds: on a room
     * that fans out to a thousand event streams, a thousand times for every message.
     */
    private static void withoutStatistics(Handler.Wrapper parent) {
        while (parent.getHandler() instanceof Handler.Wrapper child) {
            if (child instanceof StatisticsHandler statistics) {
                parent.setHandler(statistics.getHandler());
                return;
            }
            parent = child;
        }
    }

    /** Worker threads now, busy or idle. */
    int workerThreads() {
        return workers.getThreads();
    }

    /** TCP connections open now. */
    int connections() {
        return connections == null ? 0 : connections.total();
    }

    /** HTTP requests in progress now (event streams included). */
    int requestsInProgress() {
        return requests == null ? 0 : requests.inProgress();
    }
}
