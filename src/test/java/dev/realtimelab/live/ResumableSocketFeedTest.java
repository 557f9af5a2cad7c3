package dev.realtimelab.live;

import dev.realtimelab.testkit.TestSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.testkit.RawHttp;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reconnect demo's endpoint: a per-session numbered feed that resumes after any sequence number. */
class ResumableSocketFeedTest extends AppTest {
    static String newSession() {
        return UUID.randomUUID().toString();
    }

    static TestSocket connect(String session, long after) {
        return TestSocket.open(app, "/ws/resume?session=" + session + "&after=" + after);
    }

    /** The seq of every tick received so far. */
    static List<Long> ticks(TestSocket socket) {
        return socket.inbox.all().stream().filter(TestSocket.type("tick"))
                .map(n -> n.path("seq").asLong()).toList();
    }

    static void assertConsecutive(List<Long> seqs, long from) {
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(from + i, seqs.get(i), "expected " + from + ".. without gaps or repeats: " + seqs);
        }
    }

    @Test
    void aClientThatComesBackGetsExactlyTheTicksItMissed() throws Exception {
        String session = newSession();
        long last;
        try (TestSocket first = connect(session, 0)) {
            JsonNode hello = first.next("hello");
            assertEquals(0, hello.path("replaying").asInt());
            first.inbox.awaitCount(TestSocket.type("tick"), 3, "ticks");
            first.close();
            List<Long> seen = ticks(first);
            assertConsecutive(seen, 1);
            last = seen.get(seen.size() - 1);
        }
        app.advance(Duration.ofSeconds(1), ResumableSocketFeed.TICK); // the feed ticks on while nobody listens

        try (TestSocket again = connect(session, last)) {
            JsonNode hello = again.next("hello");
            assertTrue(hello.path("replaying").asInt() >= 2, hello.toString());
            List<Long> resumed = again.inbox.awaitCount(TestSocket.type("tick"),
                    hello.path("replaying").asInt() + 2, "replayed and live ticks").stream()
                    .map(n -> n.path("seq").asLong()).toList();
            assertConsecutive(resumed, last + 1);
            assertFalse(again.inbox.any(TestSocket.type("gap")));
        }
    }

    @Test
    void dropCutsTheConnectionWithoutACloseFrameAndResumingLosesNothing() {
        String session = newSession();
        TestSocket first = connect(session, 0);
        first.inbox.awaitCount(TestSocket.type("tick"), 2, "ticks");
        first.send("{\"type\":\"drop\"}");
        String closed = first.awaitClose().toString();
        assertTrue(closed.startsWith("1006") || closed.startsWith("error"), "no close frame: " + closed);
        List<Long> seen = ticks(first);
        long last = seen.get(seen.size() - 1);

        try (TestSocket again = connect(session, last)) {
            List<Long> resumed = again.inbox.awaitCount(TestSocket.type("tick"), 3, "ticks").stream()
                    .map(n -> n.path("seq").asLong()).toList();
            assertConsecutive(resumed, last + 1);
        }
    }

    @Test
    void aMutedConnectionAnswersNothingAndTheNextOneCatchesUp() throws Exception {
        String session = newSession();
        try (TestSocket first = connect(session, 0)) {
            first.inbox.awaitCount(TestSocket.type("tick"), 1, "ticks");
            first.send("{\"type\":\"ping\",\"t\":1}");
            assertEquals(1, first.next("pong").path("t").asLong());

            first.send("{\"type\":\"mute\"}");
            first.next("muted");
            int before = first.inbox.all().size();
            first.send("{\"type\":\"ping\",\"t\":2}");
            app.advance(Duration.ofMillis(1500), ResumableSocketFeed.TICK); // six ticks go by
            assertEquals(before, first.inbox.all().size(), "silent: no pong, no ticks");
            List<Long> seen = ticks(first);
            long last = seen.get(seen.size() - 1);

            try (TestSocket second = connect(session, last)) {
                List<Long> resumed = second.inbox.awaitCount(TestSocket.type("tick"), 8, "ticks").stream()
                        .map(n -> n.path("seq").asLong()).toList();
                assertConsecutive(resumed, last + 1);
                assertEquals(4000, first.awaitClose().code(), "the newer connection replaces the older");
            }
        }
    }

    @Test
    void duringASimulatedOutageTheHandshakeIsRefusedWith503() throws Exception {
        String session = newSession();
        TestSocket first = connect(session, 0);
        first.inbox.awaitCount(TestSocket.type("tick"), 1, "ticks");
        first.send("{\"type\":\"outage\",\"seconds\":2}");
        first.awaitClose();

        TestSocket.Handshake refused = TestSocket.handshake(app.wsUri("/ws/resume?session=" + session + "&after=1"),
                app.url(""), Map.of());
        assertEquals(503, refused.status());
        String raw = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), "/ws/resume?session=" + session + "&after=1", app.url("")));
        assertEquals(503, RawHttp.status(raw), raw);
        assertTrue(raw.contains("Simulated outage: try again in"), "the reason reaches the client: " + raw);

        app.advance(Duration.ofSeconds(3)); // the outage is over
        try (TestSocket later = connect(session, 1)) {
            later.next("hello");
            later.inbox.awaitCount(TestSocket.type("tick"), 2, "ticks");
        }
    }

    @Test
    void badParametersAreRefusedWithPolicyViolation() {
        List<String> closes = new ArrayList<>();
        for (String query : List.of("session=short", "session=" + "x".repeat(65), "session=ok-session-id&after=abc")) {
            try (TestSocket socket = TestSocket.open(app, "/ws/resume?" + query)) {
                closes.add(socket.awaitClose().toString());
            }
        }
        assertTrue(closes.stream().allMatch(c -> c.startsWith("1008")), closes.toString());
    }
}
