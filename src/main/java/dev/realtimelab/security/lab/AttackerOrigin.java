package dev.realtimelab.security.lab;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lab 09's "attacker": a second, tiny web server on another port of this machine (loopback
 * only). Another port is another origin, so its page is a foreign site as far as the same-origin
 * policy goes, yet the same site as far as cookies go. It serves one page whose script attacks
 * the course on the main port.
 */
final class AttackerOrigin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttackerOrigin.class);

    private volatile Javalin server;

    /**
     * Starts on {@code port} (0: any free one). If that port is taken, takes any free port and
     * says so: the lab still works, the lesson shows the port in use.
     */
    void start(int port, int targetPort, Path sourceDir) {
        try {
            server = create(port, targetPort, sourceDir).start();
        } catch (JavalinBindException e) {
            LOG.warn("port {} is taken: the attack lab's second origin uses a free port instead", port);
            server = create(0, targetPort, sourceDir).start();
        }
    }

    /** Its port, or -1 when it is not running. */
    int port() {
        Javalin running = server;
        return running == null ? -1 : running.port();
    }

    private static Javalin create(int port, int targetPort, Path sourceDir) {
        // The attacker's own policy: its script, and connections to the course it attacks.
        String targets = Stream.of("localhost", "127.0.0.1", "[::1]")
                .flatMap(h -> Stream.of("ws://" + h + ":" + targetPort, "http://" + h + ":" + targetPort))
                .collect(Collectors.joining(" "));
        String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' "
                + targets + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1"; // loopback only, whatever the course binds to
            config.jetty.port = port;
            if (sourceDir != null) {
                config.staticFiles.add(sourceDir.toString(), Location.EXTERNAL);
            } else {
                config.staticFiles.add("/lab-origin", Location.CLASSPATH);
            }
            config.routes.before(ctx -> {
                ctx.header("Content-Security-Policy", policy);
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
            });
            config.routes.get("/target.json", ctx -> ctx.json(Map.of("port", targetPort)));
        });
    }

    @Override
    public void close() {
        Javalin running = server;
        if (running != null) {
            running.stop();
        }
    }
}
