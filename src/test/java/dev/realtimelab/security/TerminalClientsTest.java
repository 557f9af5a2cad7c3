package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Programs that are not browsers (curl, websocat, Java's own HttpClient) send no {@code Origin}.
 * They may use the public demo endpoints, which hold no cookie or session; a foreign or "null"
 * Origin is refused there as everywhere, and the labs and the grader still want the Origin of one
 * of the course's own pages. Every client here is java.net.http, which sends no Origin unless told.
 */
class TerminalClientsTest extends AppTest {
    static final List<String> FOREIGN = List.of("http://evil.example", "null");

    @Test
    void theEchoSocketAnswersAClientWithoutOrigin() {
        TestSocket socket = TestSocket.open(app.wsUri("/ws/echo"), null);
        socket.send("from a terminal");
        assertEquals("from a terminal", socket.next());
        socket.close();
    }

    @Test
    void aRoomWorksWithoutOriginOnEveryTransport() {
        try (TestEventStream stream = TestEventStream.open(app.uri("/sse/room/terminal"), Map.of())) {
            assertEquals(200, stream.status());
            TestSocket socket = TestSocket.open(app.wsUri("/ws/room/terminal?name=ws"), null);
            socket.send("over the socket");
            assertTrue(stream.await(e -> e.data().contains("over the socket")).data().contains("\"from\":\"ws\""));

            HttpResponse<String> posted = post("/sse/room/terminal?name=curl", Map.of(), "over a POST");
            assertEquals(202, posted.statusCode(), posted.body());
            assertTrue(stream.await(e -> e.data().contains("over a POST")).data().contains("\"from\":\"curl\""));
            String received = socket.next();
            while (!received.contains("over a POST")) {
                received = socket.next();
            }
            socket.close();
        }
    }

    @Test
    void theClockStreamAnswersAClientWithoutOrigin() {
        try (TestEventStream stream = TestEventStream.open(app.uri("/sse/clock"), Map.of())) {
            assertEquals(200, stream.status());
            assertEquals("tick", stream.await(e -> e.event().equals("tick")).event());
        }
    }

    @Test
    void foreignAndNullOriginsAreRefusedOnThePublicDemos() {
        for (String origin : FOREIGN) {
            assertEquals(403, TestSocket.handshake(app.wsUri("/ws/echo"), origin, Map.of()).status(), "echo from " + origin);
            assertEquals(403, TestSocket.handshake(app.wsUri("/ws/room/terminal"), origin, Map.of()).status(), "room from " + origin);
            assertEquals(403, post("/sse/room/terminal", Map.of("Origin", origin), "x").statusCode(), "POST from " + origin);
            for (String stream : List.of("/sse/room/terminal", "/sse/clock")) {
                HttpResponse<String> refused = app.send(HttpRequest.newBuilder(app.uri(stream)).timeout(Duration.ofSeconds(10))
                        .header("Accept", "text/event-stream").header("Origin", origin).build());
                assertEquals(403, refused.statusCode(), stream + " from " + origin);
            }
        }
    }

    @Test
    void theCoursesOwnOriginStillWorksOnThePublicDemos() {
        TestSocket socket = TestSocket.open(app.wsUri("/ws/echo"), app.url(""));
        socket.send("from a page");
        assertEquals("from a page", socket.next());
        socket.close();
        assertEquals(202, post("/sse/room/terminal", Map.of("Origin", app.url("")), "from a page").statusCode());
        try (TestEventStream stream = TestEventStream.open(app.uri("/sse/clock"), Map.of("Origin", app.url("")))) {
            assertEquals(200, stream.status());
        }
    }

    @Test
    void theLabsAndTheGraderRefuseAMissingOrigin() {
        for (String path : List.of("/labs/echo", "/labs/hijack/checked", "/labs/abuse/protected")) {
            assertEquals(403, TestSocket.handshake(app.wsUri(path), null, Map.of()).status(), path + " without Origin");
        }
        for (String path : List.of("/labs/login", "/exercises/sse-resume/check", "/exercises/sse-resume/reset")) {
            HttpResponse<String> refused = post(path, Map.of(), "{}");
            assertEquals(403, refused.statusCode(), path + " without Origin");
            assertTrue(refused.body().contains("needs the Origin header"), refused.body());
        }
        assertEquals(200, post("/labs/login", Map.of("Origin", app.url("")), "").statusCode(), "the course's own page");
    }

    static HttpResponse<String> post(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return app.send(request.build());
    }
}
