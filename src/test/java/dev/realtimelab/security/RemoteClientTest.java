package dev.realtimelab.security;

import dev.realtimelab.testkit.TestSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.App;
import dev.realtimelab.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app listening on every interface, reached from another host (a network namespace the
 * test makes, see {@link RemoteHost}), as an attendee's laptop would: pages work, while the
 * labs and anything that compiles, grades or writes files answer 403.
 */
class RemoteClientTest {
    static RemoteHost remote;
    static App app;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        remote = RemoteHost.create();
        app = App.start(new App.Options(TestApp.ROOT, "0.0.0.0", 0, false));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (remote != null) {
            remote.close();
        }
    }

    String url(String path) {
        return remote.url(app.port(), path);
    }

    @Test
    void attendeesReadTheCourse() {
        assertEquals(200, remote.curl(url("/")).status());
    }

    // Checklist: no compilation or file access for non-loopback clients; labs on loopback only.
    @Test
    void labsAndExerciseActionsAreForbiddenFromAnotherMachine() {
        String origin = "Origin: http://" + remote.serverAddress() + ":" + app.port();
        assertEquals(403, remote.curl(url("/labs/me")).status());
        assertEquals(403, remote.curl(url("/labs/xss/frame?render=html")).status());
        RemoteHost.Response grade = remote.curl("-X", "POST", "-H", origin, url("/exercises/origin-allowlist/check"));
        assertEquals(403, grade.status());
        assertTrue(grade.text().contains("work only on the computer that runs the course (this request came from "
                + remote.clientAddress() + ")"), grade.text());
        assertEquals(403, remote.handshake(app.port(), "/labs/echo", "http://" + remote.serverAddress() + ":" + app.port()));
        // What this copy shares with a workshop, and joining one, is the learner's to decide, here.
        assertEquals(403, remote.curl(url("/workshop-link")).status());
        assertEquals(403, remote.curl("-X", "POST", "-H", origin, "-H", "Content-Type: application/json", "-d", "{}",
                url("/workshop-link/stop")).status());
        // Lesson 13's demo starts and stops instances of the app: only from this machine.
        for (String path : java.util.List.of("/scaling/instances/second", "/scaling/instances/second/stop")) {
            RemoteHost.Response start = remote.curl("-X", "POST", "-H", origin, url(path));
            assertEquals(403, start.status(), path);
            assertTrue(start.text().contains("Starting and stopping instances works only on the computer"), start.text());
        }
    }

    @Test
    void theSameRequestsFromLoopbackAreServed() throws Exception {
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/labs/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode());
        TestSocket socket = TestSocket.open(URI.create("ws://localhost:" + app.port() + "/labs/echo"), "http://localhost:" + app.port());
        socket.send("hi");
        assertEquals("hi", socket.next());
        socket.close();
    }

    @Test
    void theOtherHostsOriginPassesOnARealSocket() {
        // The public echo socket, from the other host, with the page origin it was served from.
        assertEquals(101, remote.handshake(app.port(), "/ws/echo", "http://" + remote.serverAddress() + ":" + app.port()));
        assertEquals(403, remote.handshake(app.port(), "/ws/echo", "http://evil.example"));
    }
}
