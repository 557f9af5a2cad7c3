package dev.realtimelab.live;

import dev.realtimelab.shared.Limits;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestSocket;
import static dev.realtimelab.testkit.TestSocket.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.testkit.RawHttp;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room endpoints over real connections: java.net.http WebSockets, streaming GETs, raw sockets. */
class RoomEndpointsTest extends AppTest {
    static HttpResponse<String> post(String path, String body) {
        return app.send(HttpRequest.newBuilder(app.uri(path))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aWebSocketMessageReachesEveryMemberSenderIncluded() {
        try (TestSocket ada = TestSocket.open(app, "/ws/room/broadcast?name=Ada");
             TestSocket bo = TestSocket.open(app, "/ws/room/broadcast?name=Bo")) {
            assertEquals(2, ada.inbox.next(n -> n.path("who").asText().equals("Bo"), "Bo's join").path("members").asInt());
            ada.send("hi <all>");

            for (TestSocket member : List.of(ada, bo)) {
                JsonNode message = member.next("message");
                assertEquals("hi <all>", message.path("text").asText());
                assertEquals("Ada", message.path("from").asText());
                assertEquals("broadcast", message.path("room").asText());
                assertEquals(1, message.path("seq").asLong());
                assertTrue(message.path("sentAt").asLong() > 0);
            }
        }
    }

    @Test
    void aPostReachesWebSocketAndEventStreamMembers() {
        try (TestSocket ada = TestSocket.open(app, "/ws/room/mixed?name=Ada");
             TestEventStream cy = TestEventStream.open(app, "/sse/room/mixed?name=Cy", null)) {
            assertEquals(200, cy.status());
            assertTrue(cy.contentType().startsWith("text/event-stream"));
            ada.inbox.next(n -> n.path("who").asText().equals("Cy"), "Cy's join");

            HttpResponse<String> posted = post("/sse/room/mixed?name=Cy", "from a POST");
            assertEquals(202, posted.statusCode(), posted.body());
            assertEquals(1, json(posted.body()).path("seq").asLong());
            assertEquals(2, json(posted.body()).path("members").asInt());

            assertEquals("from a POST", ada.next("message").path("text").asText());
            TestEventStream.Event event = cy.next("message");
            assertEquals("message", event.event());
            assertEquals("1", event.id());
            assertEquals("Cy", event.json().path("from").asText());

            ada.send("and back");
            TestEventStream.Event back = cy.next("message");
            assertEquals("2", back.id());
            assertEquals("and back", back.json().path("text").asText());
            assertTrue(cy.inbox.all().stream().filter(e -> e.event().equals("presence")).allMatch(e -> e.id() != null),
                    "presence events carry an id too");
        }
    }

    @Test
    void anEventStreamResumesAfterLastEventId() {
        try (TestSocket keeper = TestSocket.open(app, "/ws/room/resume-me?presence=off")) {
            try (TestEventStream first = TestEventStream.open(app, "/sse/room/resume-me", null)) {
                first.next("join");
                for (int i = 1; i <= 3; i++) {
                    assertEquals(202, post("/sse/room/resume-me", "m" + i).statusCode());
                }
                assertEquals("1", first.next("message").id());
                assertEquals("2", first.next("message").id());
                assertEquals("3", first.next("message").id());
            }
            post("/sse/room/resume-me", "m4");
            post("/sse/room/resume-me", "m5");
            try (TestEventStream again = TestEventStream.open(app, "/sse/room/resume-me", "3")) {
                TestEventStream.Event fourth = again.next("message");
                assertEquals("4", fourth.id());
                assertEquals("m4", fourth.json().path("text").asText());
                assertEquals("m5", again.next("message").json().path("text").asText());
                post("/sse/room/resume-me", "m6");
                assertEquals("6", again.next("message").id());
                assertEquals(3, again.inbox.all().stream().filter(e -> e.event().equals("message")).count(), "no repeats");
            }
            // A new EventSource cannot send the header: the same resume point in the URL (lesson 13) works alike.
            try (TestEventStream moved = TestEventStream.open(app, "/sse/room/resume-me?lastEventId=4", null)) {
                assertEquals("5", moved.next("message").id());
                assertEquals("6", moved.next("message").id());
            }
        }
    }

    @Test
    void badRoomNamesAreRefused() {
        assertEquals(400, app.get("/sse/room/Lobby").statusCode());
        assertEquals(400, app.get("/sse/room/" + "a".repeat(33)).statusCode());
        assertEquals(400, post("/sse/room/no_underscores", "x").statusCode());
        assertEquals(400, app.get("/sse/room/lobby?name=%3Cscript%3E").statusCode());
        try (TestSocket socket = TestSocket.open(app, "/ws/room/NOT-OK")) {
            String close = socket.awaitClose().toString();
            assertTrue(close.startsWith("1008 bad room name"), close);
        }
    }

    @Test
    void tooLargeAndEmptyMessagesAreRefused() throws java.io.IOException {
        // Only the head, announcing the size: the server refuses before reading a body, and a
        // client still uploading one could see the connection reset before it reads the 413.
        String big = RawHttp.exchange(app.port(), "POST /sse/room/limits HTTP/1.1\r\nHost: localhost:" + app.port()
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + (Limits.MAX_MESSAGE_BYTES + 1) + "\r\n\r\n");
        assertEquals(413, RawHttp.status(big), big);
        assertEquals(202, post("/sse/room/limits", "x".repeat(Limits.MAX_MESSAGE_BYTES)).statusCode());
        assertEquals(400, post("/sse/room/limits", "").statusCode());
        assertEquals(400, post("/sse/room/limits", "  \n").statusCode());

        try (TestSocket socket = TestSocket.open(app, "/ws/room/limits")) {
            socket.send("   ");
            assertEquals("empty messages are not sent", socket.next("error").path("message").asText());
            socket.send("y".repeat(Limits.MAX_MESSAGE_BYTES + 1));
            assertEquals(1009, socket.awaitClose().code());
        }
    }

    @Test
    void aPostFromAnotherSiteIsRefused() {
        HttpResponse<String> labelled = app.send(HttpRequest.newBuilder(app.uri("/sse/room/lobby"))
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("forged")).build());
        assertEquals(403, labelled.statusCode());
        HttpResponse<String> foreign = app.send(HttpRequest.newBuilder(app.uri("/sse/room/lobby"))
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("forged")).build());
        assertEquals(403, foreign.statusCode());
        HttpResponse<String> own = app.send(HttpRequest.newBuilder(app.uri("/sse/room/lobby"))
                .header("Origin", app.url(""))
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("mine")).build());
        assertEquals(202, own.statusCode());
    }

    @Test
    void aSlowEventStreamIsDroppedWhileAFastMemberGetsEverything() throws Exception {
        assertSlowMemberDropped("slow-sse", false);
    }

    @Test
    void aSlowWebSocketIsDroppedWhileAFastMemberGetsEverything() throws Exception {
        assertSlowMemberDropped("slow-ws", true);
    }

    private void assertSlowMemberDropped(String room, boolean webSocket) throws Exception {
        try (TestSocket fast = TestSocket.open(app, "/ws/room/" + room + "?name=fast")) {
            // The 101 can reach the client before the server has run its join: wait for it, or
            // the slow member may join first and its join would never reach the fast one.
            fast.inbox.next(n -> n.path("who").asText().equals("fast"), "the fast member's own join");
            try (Socket slow = RoomTestClients.neverReading(app,
                    (webSocket ? "/ws/room/" : "/sse/room/") + room + "?name=slow", webSocket)) {
                fast.inbox.next(n -> n.path("who").asText().equals("slow"), "the slow member's join");
                String padding = "p".repeat(16 * 1024);
                List<String> sent = new ArrayList<>();
                for (int i = 1; !fast.inbox.any(n -> n.path("type").asText().equals("leave")); i++) {
                    if (i > 5000) {
                        fail("the slow member was never dropped");
                    }
                    String text = i + " " + padding;
                    assertEquals(202, post("/sse/room/" + room, text).statusCode());
                    sent.add(text);
                }
                JsonNode leave = fast.next("leave");
                assertEquals("slow", leave.path("who").asText());
                assertEquals("too slow", leave.path("reason").asText());
                assertEquals(1, leave.path("members").asInt());

                for (int i = 0; i < 3; i++) {
                    post("/sse/room/" + room, "after " + i);
                    sent.add("after " + i);
                }
                List<JsonNode> messages = fast.inbox.awaitCount(TestSocket.type("message"), sent.size(), "messages");
                List<String> received = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    assertEquals(i + 1, messages.get(i).path("seq").asLong());
                    received.add(messages.get(i).path("text").asText());
                }
                assertEquals(sent, received, "the fast member got every message, in order");
            }
        }
    }
}
