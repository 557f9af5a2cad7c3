package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lesson 13's demo keeps instance B's port for B: held from the start, let go only for B to bind
 * it, and held again after B stops or fails to start (the browser test covers the page).
 */
class ScalingDemoTest {
    final HttpClient http = HttpClient.newHttpClient();
    final AtomicInteger starts = new AtomicInteger();
    ScalingDemo demo;
    Javalin server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (demo != null) {
            demo.close();
        }
    }

    /** The first start fails as a taken port would; later ones bind the port, as B does. */
    void startWithALauncherThatFailsFirst() {
        demo = new ScalingDemo((firstPort, port) -> {
            if (starts.incrementAndGet() == 1) {
                throw new IllegalStateException("failed to bind");
            }
            ServerSocket b = bind(port);
            return new ScalingDemo.Instance(port, () -> close(b));
        });
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            demo.register(config);
        }).start();
    }

    static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int secondPort() {
        String origin = demo.secondOrigins().get(0);
        return Integer.parseInt(origin.substring(origin.lastIndexOf(':') + 1));
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Another program trying the port: refused while the demo holds it. */
    void assertHeld(int port) {
        assertThrows(BindException.class, () -> {
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }, "port " + port + " should be held for instance B");
    }

    @Test
    void thePortIsHeldBeforeBAfterAFailedStartAndAfterBStops() throws Exception {
        startWithALauncherThatFailsFirst();
        int port = secondPort();
        assertHeld(port);

        HttpResponse<String> failed = post("/scaling/instances/second");
        assertEquals(503, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("did not start"), failed.body());
        assertHeld(port);

        HttpResponse<String> started = post("/scaling/instances/second");
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(started.body().contains("\"second\":" + port), started.body());
        assertEquals(2, starts.get());

        HttpResponse<String> stopped = post("/scaling/instances/second/stop");
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertTrue(stopped.body().contains("\"second\":null"), stopped.body());
        assertHeld(port);

        assertEquals(200, post("/scaling/instances/second").statusCode(), "B starts again on the held port");
    }
}
