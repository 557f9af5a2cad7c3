package dev.realtimelab.security;

import dev.realtimelab.testkit.TestSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TestApp;
import dev.realtimelab.testkit.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checklist: cap connections. The app with small caps (the defaults would take hundreds of
 * sockets to reach), through the real wiring: a handshake over a cap gets 429 or 503 with the
 * reason, before the upgrade, and a closed socket frees its place.
 */
class ConnectionCapsTest {
    static final String SOCKET = SecurityChecklistTest.MESSAGE_SOCKETS.get(0);

    static List<TestSocket> openMany(TestApp app, int count) {
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(TestSocket.open(app.wsUri(SOCKET), app.url("")));
        }
        return sockets;
    }

    static String handshake(TestApp app) throws Exception {
        return RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), SOCKET, app.url("")));
    }

    static void awaitCounted(TestApp app, int sockets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (app.app().security().openSockets() < sockets && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(sockets, app.app().security().openSockets(), "sockets the server has counted");
    }

    @Test
    void oneAddressGets429PastItsCapAndItsPlaceBackAfterClosing() throws Exception {
        try (TestApp app = new TestApp(SecuritySettings.defaults().withSocketCaps(100, 3))) {
            List<TestSocket> open = openMany(app, 3);
            // A client has its 101 a moment before the server counts the socket; a handshake in
            // that moment is let in and then closed with 1013. Probe once all three are counted.
            awaitCounted(app, 3);
            String refused = handshake(app);
            assertEquals(429, RawHttp.status(refused), refused);
            assertTrue(refused.contains("too many WebSocket connections from your address: at most 3 at once"), refused);

            open.get(0).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            do {
                status = TestSocket.handshake(app.wsUri(SOCKET), app.url(""), Map.of()).status();
            } while (status != 101 && System.nanoTime() < deadline);
            assertEquals(101, status, "a closed socket frees its place");
        }
    }

    @Test
    void theServerGets503PastItsTotalCap() throws Exception {
        try (TestApp app = new TestApp(SecuritySettings.defaults().withSocketCaps(2, 100))) {
            openMany(app, 2);
            awaitCounted(app, 2);
            String refused = handshake(app);
            assertEquals(503, RawHttp.status(refused), refused);
            assertTrue(refused.contains("too many WebSocket connections: the server allows 2 at once"), refused);
        }
    }

    @Test
    void pastTheTcpBackstopTheServerStopsAcceptingUntilAConnectionCloses() throws Exception {
        try (TestApp app = new TestApp(SecuritySettings.defaults().withMaxConnections(3))) {
            List<java.net.Socket> idle = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                idle.add(new java.net.Socket("127.0.0.1", app.port())); // open, and saying nothing
            }
            var request = java.net.http.HttpRequest.newBuilder(app.uri("/")).timeout(Duration.ofSeconds(2)).build();
            try {
                app.http().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("a fourth connection was served past a limit of 3");
            } catch (java.net.http.HttpTimeoutException expected) {
                // not accepted: the connection waits in the operating system's backlog
            }
            idle.get(0).close();
            var served = app.http().send(java.net.http.HttpRequest.newBuilder(app.uri("/")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, served.statusCode(), "one closed, the next is accepted");
            for (java.net.Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void theLabsUnprotectedEndpointIsTheOnlyOneLeftUncapped() throws InterruptedException {
        try (TestApp app = new TestApp(SecuritySettings.defaults().withSocketCaps(100, 2))) {
            for (int i = 0; i < 4; i++) {
                TestSocket.open(app.wsUri("/labs/abuse/unprotected"), app.url("")).next();
            }
            openMany(app, 2);
            awaitCounted(app, 2); // the 101 reaches the client a moment before the server counts the socket
            assertEquals(429, TestSocket.handshake(app.wsUri(SOCKET), app.url(""), Map.of()).status());
        }
    }
}
