package dev.realtimelab.security;

import dev.realtimelab.testkit.TestSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.App;
import dev.realtimelab.TestApp;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app as a workshop runs it (listening on every interface), reached from a non-loopback
 * address, as an attendee's laptop would: pages and the real sockets work, while the labs and
 * anything that compiles, grades or writes files answer 403.
 */
class RemoteClientTest {
    static App app;
    static String address;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Optional<InetAddress> lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> { try { return nic.isUp() && !nic.isLoopback(); } catch (Exception e) { return false; } })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        Assumptions.assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to test from");
        address = lan.get().getHostAddress();
        app = App.start(new App.Options(TestApp.ROOT, "0.0.0.0", 0, false));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    static String url(String path) {
        return "http://" + address + ":" + app.port() + path;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void attendeesReadTheCourse() throws Exception {
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(url("/")))).statusCode());
    }

    // Checklist: no compilation or file access for non-loopback clients; labs on loopback only.
    @Test
    void labsAndExerciseActionsAreForbiddenFromAnotherMachine() throws Exception {
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(url("/labs/me")))).statusCode());
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(url("/labs/xss/frame?render=html")))).statusCode());
        HttpResponse<String> grade = send(HttpRequest.newBuilder(URI.create(url("/exercises/origin-allowlist/check")))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, grade.statusCode());
        assertTrue(grade.body().contains("work only on the computer that runs the course (this request came from " + address + ")"), grade.body());
        TestSocket.Handshake lab = TestSocket.handshake(URI.create("ws://" + address + ":" + app.port() + "/labs/echo"),
                "http://" + address + ":" + app.port(), Map.of());
        assertEquals(403, lab.status());
    }

    @Test
    void theSameRequestsFromLoopbackAreServed() throws Exception {
        assertEquals(200, send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/labs/me"))).statusCode());
        TestSocket socket = TestSocket.open(URI.create("ws://localhost:" + app.port() + "/labs/echo"), "http://localhost:" + app.port());
        socket.send("hi");
        assertEquals("hi", socket.next());
        socket.close();
    }

    @Test
    void theAttendeesOwnOriginIsAllowedOnRealSockets() {
        // The lab echo refuses remote clients, so the Origin is checked on a discovered real socket
        // when there is one; in every case the attendee's origin must pass the allow-list itself.
        var origins = OriginPolicy.forBindAddress("0.0.0.0");
        assertTrue(origins.allows("http://" + address + ":" + app.port(), "http", app.port()), origins.hosts().toString());
        assertTrue(origins.allowsHost(address + ":" + app.port()));
    }
}
