package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestEventStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.AppTest;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /sse/resume} on the real app: replay after Last-Event-ID, drop, 204 and 503. */
class ResumableFeedTest extends AppTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String newSession() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static TestEventStream connect(String session, Map<String, String> headers) {
        return TestEventStream.open(app.http(), app.uri("/sse/resume?session=" + session), headers);
    }

    /** Reads the retry line and the hello event that open every stream, and returns the hello's data. */
    static JsonNode readHello(TestEventStream stream) {
        assertEquals(List.of("retry: " + ResumableFeed.RETRY_MILLIS), stream.nextBlock().lines());
        TestEventStream.Block hello = stream.nextEvent();
        assertEquals("hello", hello.event());
        try {
            JsonNode data = JSON.readTree(hello.data());
            assertEquals(Long.toString(data.get("resumeAfter").asLong()), hello.id(), "hello carries the resume point as its id");
            return data;
        } catch (java.io.IOException e) {
            throw new AssertionError("hello data is not JSON: " + hello.data(), e);
        }
    }

    /** The next numbered event; checks that its id and data agree. */
    static long nextNumber(TestEventStream stream) {
        TestEventStream.Block event = stream.nextEvent();
        assertNull(event.event(), "numbers are plain message events: " + event.lines());
        assertEquals(event.id(), event.data(), "id and data are the same number");
        return Long.parseLong(event.data());
    }

    static HttpResponse<String> post(String pathAndQuery) {
        return app.send(HttpRequest.newBuilder(app.uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void aFreshStreamSaysHelloAndCountsUpWithAnIdOnEveryEvent() {
        String session = newSession();
        try (TestEventStream stream = connect(session, Map.of())) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            JsonNode hello = readHello(stream);
            assertTrue(hello.get("lastEventId").isNull());
            assertEquals(0, hello.get("replayed").asInt());
            long previous = hello.get("resumeAfter").asLong();
            for (int i = 0; i < 5; i++) {
                long number = nextNumber(stream);
                assertEquals(previous + 1, number, "no gap, no repeat");
                previous = number;
            }
        }
    }

    @Test
    void resumingFromLastEventIdReplaysExactlyTheMissedEvents() {
        String session = newSession();
        try (TestEventStream first = connect(session, Map.of())) {
            readHello(first);
            long seen = 0;
            while (seen < 6) {
                seen = nextNumber(first);
            }
            // A second stream of the same session that last saw 2: it must get 3, 4, 5, ... in order.
            try (TestEventStream resumed = connect(session, Map.of("Last-Event-ID", "2"))) {
                JsonNode hello = readHello(resumed);
                assertEquals("2", hello.get("lastEventId").asText());
                assertEquals("header", hello.get("from").asText());
                assertEquals(2, hello.get("resumeAfter").asLong());
                assertEquals(0, hello.get("missed").asLong());
                int replayed = hello.get("replayed").asInt();
                assertTrue(replayed >= 4, "at least 3..6 were missed and replayed, got " + replayed);
                for (long expected = 3; expected <= 2 + replayed + 3; expected++) {
                    assertEquals(expected, nextNumber(resumed), "replay, then live, without a gap or a repeat");
                }
            }
        }
    }

    @Test
    void dropEndsTheStreamAndTheReconnectResumesAfterTheLastId() {
        String session = newSession();
        long last;
        try (TestEventStream stream = connect(session, Map.of())) {
            readHello(stream);
            nextNumber(stream);
            last = nextNumber(stream);
            HttpResponse<String> drop = post("/sse/resume/drop?session=" + session);
            assertEquals(200, drop.statusCode(), drop.body());
            // Numbers already on their way may still arrive; then the server ends the response.
            stream.awaitEnd(Duration.ofSeconds(5));
        }
        try (TestEventStream again = connect(session, Map.of("Last-Event-ID", Long.toString(last)))) {
            assertEquals(200, again.status(), "after a plain drop the next connection is served");
            JsonNode hello = readHello(again);
            assertEquals(Long.toString(last), hello.get("lastEventId").asText(), "the server reports the id it received");
            assertEquals(last + 1, nextNumber(again));
            assertEquals(last + 2, nextNumber(again));
        }
    }

    @Test
    void theNextConnectionCanBeAnsweredWith204Or503ThenAllIsNormalAgain() {
        String session = newSession();
        try (TestEventStream stream = connect(session, Map.of())) {
            readHello(stream);
            nextNumber(stream);
            nextNumber(stream);
            assertEquals(200, post("/sse/resume/drop?session=" + session + "&next=204").statusCode());
            stream.awaitEnd(Duration.ofSeconds(5));
        }
        HttpResponse<String> noContent = app.get("/sse/resume?session=" + session);
        assertEquals(204, noContent.statusCode());
        assertEquals("", noContent.body());

        assertEquals(200, post("/sse/resume/drop?session=" + session + "&next=503").statusCode());
        HttpResponse<String> unavailable = app.get("/sse/resume?session=" + session);
        assertEquals(503, unavailable.statusCode());
        assertTrue(unavailable.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

        // A page that makes a new EventSource passes the last id in the URL.
        try (TestEventStream fresh = connect(session + "&lastEventId=1", Map.of())) {
            assertEquals(200, fresh.status(), "the switch applies to one connection only");
            JsonNode hello = readHello(fresh);
            assertEquals("1", hello.get("lastEventId").asText());
            assertEquals("query", hello.get("from").asText());
            assertEquals(2, nextNumber(fresh));
        }
    }

    @Test
    void anIdTheFeedNeverSentGetsAGapNoticeAndEverythingKept() {
        String session = newSession();
        try (TestEventStream stream = connect(session, Map.of("Last-Event-ID", "not-a-number"))) {
            JsonNode hello = readHello(stream);
            assertEquals("not-a-number", hello.get("lastEventId").asText());
            assertTrue(hello.get("note").asText().contains("not an id this feed sent"), hello.toString());
            // The hub's one rule: not a position it can resume from, so a gap notice, then all it keeps.
            TestEventStream.Block notice = stream.nextEvent();
            assertEquals("notice", notice.event(), notice.lines().toString());
            JsonNode gap = dev.realtimelab.testkit.TestSocket.json(notice.data());
            assertEquals("gap", gap.path("type").asText());
            assertTrue(gap.path("lastSeen").isMissingNode(), "no number to report: " + gap);
            assertEquals(hello.get("resumeAfter").asLong() + 1, gap.path("resumeFrom").asLong());
            assertEquals(hello.get("resumeAfter").asLong() + 1, nextNumber(stream));
        }
    }

    @Test
    void badRequestsGetClearErrors() {
        HttpResponse<String> noSession = app.get("/sse/resume");
        assertEquals(400, noSession.statusCode());
        assertTrue(noSession.body().contains("session"), noSession.body());
        assertEquals(400, app.get("/sse/resume?session=a%20b").statusCode());
        assertEquals(404, post("/sse/resume/drop?session=" + newSession()).statusCode());
        assertEquals(400, post("/sse/resume/drop?session=" + newSession() + "&next=500").statusCode());
    }

    /** A feed of its own with a tiny buffer, a fast clock, two session slots and quick keep-alives. */
    @Test
    void tooOldIdsSessionLimitsAndKeepAlive() {
        Ticker ticker = Ticker.system();
        EventStreams streams = new EventStreams(ticker, Duration.ofMillis(300));
        ResumableFeed feed = new ResumableFeed(ticker, new Hub(), streams, Duration.ofMillis(20), 5, 2);
        io.javalin.Javalin server = io.javalin.Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.http.asyncTimeout = 0;
            config.events.serverStopping(streams::close);
            feed.register(config);
        }).start();
        try {
            String base = "http://127.0.0.1:" + server.port() + "/sse/resume?session=";
            try (TestEventStream first = TestEventStream.open(app.http(), URI.create(base + "session-one"));
                 TestEventStream second = TestEventStream.open(app.http(), URI.create(base + "session-two"))) {
                readHello(first);
                readHello(second);
                long seen = 0;
                while (seen < 20) {
                    seen = nextNumber(first);
                }
                HttpResponse<String> full = app.send(HttpRequest.newBuilder(URI.create(base + "session-three")).build());
                assertEquals(503, full.statusCode(), "both session slots hold a session in use");

                try (TestEventStream late = TestEventStream.open(app.http(), URI.create(base + "session-one"),
                        Map.of("Last-Event-ID", "1"))) {
                    JsonNode hello = readHello(late);
                    long resumeAfter = hello.get("resumeAfter").asLong();
                    assertTrue(resumeAfter > 1, "the buffer of 5 no longer reaches back to 1");
                    assertEquals(resumeAfter - 1, hello.get("missed").asLong(), "2.." + resumeAfter + " are lost");
                    assertEquals(5, hello.get("replayed").asInt(), "the whole buffer is replayed");
                    assertTrue(hello.get("note").asText().startsWith("too old"), hello.toString());
                    // The room's one resume rule: a gap notice, then everything it still keeps.
                    TestEventStream.Block notice = late.nextEvent();
                    assertEquals("notice", notice.event(), notice.lines().toString());
                    JsonNode gap = dev.realtimelab.testkit.TestSocket.json(notice.data());
                    assertEquals("gap", gap.path("type").asText());
                    assertEquals(1, gap.path("lastSeen").asLong());
                    assertEquals(resumeAfter + 1, gap.path("resumeFrom").asLong());
                    assertEquals(resumeAfter + 1, nextNumber(late), "it continues at the oldest number kept");
                }
            }
            // Both streams are closed now: an idle session gives up its slot to a new one.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (TestEventStream third = TestEventStream.open(app.http(), URI.create(base + "session-three"))) {
                    if (third.status() == 200) {
                        readHello(third);
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "session-three never got a slot: " + third.status());
                }
                Thread.sleep(100);
            }
            // Keep-alive comments reach an open stream between events.
            try (TestEventStream stream = TestEventStream.open(app.http(), URI.create(base + "session-two"))) {
                String line = stream.nextLine();
                while (!line.startsWith(":")) {
                    line = stream.nextLine();
                }
                assertEquals(": keep-alive", line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            server.stop();
            feed.close();
            ticker.close();
        }
    }
}
