package dev.realtimelab.live;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lesson 13's live demo: with --redis, the page asks this instance (A) to start a second one (B)
 * in the same JVM, on another loopback port and the same Redis, then joins one room through
 * both, stops B and watches the resume through A. At most one second instance at a time, started
 * and stopped only from this machine (RequestGuards answers these POSTs on loopback only), and
 * stopped with this one.
 *
 * <p>The page reads B's event stream directly, from another origin: B takes the pages of A as
 * its own (their Origin passes, and its streams answer them with CORS headers), and A's pages
 * name B's origin in their connect-src, which is why B's port is picked when A starts.
 */
public final class ScalingDemo implements AutoCloseable {
    /** A running second instance: its port, and how to stop it. */
    public record Instance(int port, Runnable stop) {}

    /** Starts a second instance on {@code port} that takes the pages of the first (on {@code firstPort}) as its own. */
    @FunctionalInterface
    public interface Launcher {
        Instance start(int firstPort, int port);
    }

    private final Launcher launcher;
    /**
     * The second instance's port, picked at start: the first one's pages name its origin in their
     * Content-Security-Policy (connect-src), which is fixed when a page loads.
     */
    private final int secondPort;
    /**
     * Holds {@link #secondPort} while the second instance is not running: outgoing connections
     * take their local ports from the same range, and one of them took it between the page's
     * load and the click on a busy CI machine.
     */
    private Socket reservation;
    private Instance second;

    /** {@code launcher}: null when this instance has no Redis, or is itself the second one. */
    public ScalingDemo(Launcher launcher) {
        this.launcher = launcher;
        this.reservation = launcher == null ? null : reserve(0);
        this.secondPort = reservation == null ? 0 : reservation.getLocalPort();
    }

    /** The origins the second instance will serve (none without Redis), for connect-src. */
    public List<String> secondOrigins() {
        return secondPort == 0 ? List.of() : List.of("http://localhost:" + secondPort, "http://127.0.0.1:" + secondPort);
    }

    /**
     * A loopback socket bound to {@code port} (0: any free one), neither listening nor connected:
     * nobody can connect to it, and no other socket gets the port while it is held.
     */
    private static Socket reserve(int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for lesson 13's second instance", e);
        }
    }

    /** Lets the port go, for the second instance to bind at once. */
    private void release() {
        try {
            if (reservation != null) {
                reservation.close();
            }
        } catch (IOException e) {
            // closing a socket that never connected: nothing to lose
        }
        reservation = null;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/scaling/instances", this::status);
        config.routes.post("/scaling/instances/second", this::startSecond);
        config.routes.post("/scaling/instances/second/stop", this::stopSecond);
    }

    private void status(Context ctx) {
        ctx.json(describe(ctx));
    }

    private synchronized Map<String, Object> describe(Context ctx) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("redis", launcher != null);
        status.put("self", ctx.req().getLocalPort());
        status.put("second", second == null ? null : second.port());
        return status;
    }

    private void startSecond(Context ctx) {
        if (launcher == null) {
            ctx.status(409).json(Map.of("error", "This instance runs without Redis: start it with --redis redis://127.0.0.1:6379."));
            return;
        }
        synchronized (this) {
            if (second == null) {
                try {
                    release();
                    second = launcher.start(ctx.req().getLocalPort(), secondPort);
                } catch (RuntimeException e) {
                    holdPortAgain();
                    ctx.status(503).json(Map.of("error", "The second instance did not start (is port " + secondPort
                            + " taken by another program?): " + e.getMessage()));
                    return;
                }
            }
        }
        ctx.json(describe(ctx));
    }

    private void stopSecond(Context ctx) {
        stop();
        ctx.json(describe(ctx));
    }


    private void stop() {
        Instance stopping;
        synchronized (this) {
            stopping = second;
            second = null;
        }
        if (stopping != null) {
            stopping.stop().run();
            synchronized (this) {
                if (second == null) {
                    holdPortAgain();
                }
            }
        }
    }

    /** After a stop or a failed start: the port is held for the next start. Call holding the lock. */
    private void holdPortAgain() {
        if (reservation == null) {
            try {
                reservation = reserve(secondPort);
            } catch (UncheckedIOException e) {
                // taken meanwhile: the next start says so
            }
        }
    }

    /** Stops the second instance with this one. */
    @Override
    public void close() {
        stop();
        synchronized (this) {
            release();
        }
    }
}
