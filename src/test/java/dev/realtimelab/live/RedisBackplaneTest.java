package dev.realtimelab.live;

import static dev.realtimelab.testkit.TestSocket.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestRedis;
import dev.realtimelab.testkit.TestSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two (or three) instances of the app in this JVM, each on its own port, sharing one real
 * redis-server: they must behave as one server.
 */
class RedisBackplaneTest {
    static TestRedis redis;
    static TestApp a;
    static TestApp b;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        a = TestApp.withRedis(redis.url());
        b = TestApp.withRedis(redis.url());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable each : new AutoCloseable[] {a, b, redis}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (Exception e) {
                // the others still close
            }
        }
    }

    static HttpResponse<String> post(TestApp app, String path, String body) {
        return app.send(HttpRequest.newBuilder(app.uri(path))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Posts {@code text}, expects 202, returns the sequence number it was acknowledged with. */
    static long posted(TestApp app, String room, String text) {
        HttpResponse<String> answer = post(app, "/sse/room/" + room + "?name=poster", text);
        assertEquals(202, answer.statusCode(), answer.body());
        return json(answer.body()).path("seq").asLong();
    }

    static List<String> messages(List<TestEventStream.Event> events) {
        return events.stream().map(e -> e.id() + ":" + e.json().path("text").asText()).toList();
    }

    @Test
    void aWebSocketOnOneInstanceAndAnEventStreamOnTheOtherGetTheSameMessagesInTheSameOrder() throws Exception {
        try (TestSocket onA = TestSocket.open(a, "/ws/room/across?name=Ada");
             TestEventStream onB = TestEventStream.open(b, "/sse/room/across?name=Bo", null).requireOpen()) {
            // Presence counts the room, across instances.
            assertEquals(2, onA.inbox.next(n -> n.path("who").asText().equals("Bo"), "Bo's join on the other instance")
                    .path("members").asInt());
            assertEquals(2, onB.await(e -> e.event().equals("presence") && e.data().contains("\"Bo\"")).json().path("members").asInt());

            // Both instances publish at once: one sequence, one order for everyone.
            int each = 25;
            CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    onA.send("a" + i);
                }
            });
            CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    posted(b, "across", "b" + i);
                }
            });
            fromA.get();
            fromB.get();

            List<String> seenOnA = new ArrayList<>();
            for (int i = 0; i < 2 * each; i++) {
                JsonNode message = onA.next("message");
                seenOnA.add(message.path("seq").asLong() + ":" + message.path("text").asText());
            }
            List<String> seenOnB = messages(onB.inbox.awaitCount(e -> e.event().equals("message"), 2 * each, "messages on B"));
            assertEquals(seenOnA, seenOnB, "the same ids, texts and order on both instances");
            assertEquals(LongStream.rangeClosed(1, 2 * each).boxed().toList(),
                    seenOnA.stream().map(s -> Long.parseLong(s.substring(0, s.indexOf(':')))).toList(),
                    "ids 1, 2, 3... without a gap or a repeat");
            for (String sender : List.of("a", "b")) {
                List<String> own = seenOnA.stream().map(s -> s.substring(s.indexOf(':') + 1))
                        .filter(t -> t.startsWith(sender)).toList();
                assertEquals(LongStream.range(0, each).mapToObj(i -> sender + i).toList(), own,
                        "each sender's messages in the order it sent them");
            }
        }
    }

    @Test
    void anEventStreamResumesOnTheOtherInstanceWithExactlyWhatItMissed() {
        try (TestSocket keeper = TestSocket.open(a, "/ws/room/resume-across?presence=off")) {
            try (TestEventStream first = TestEventStream.open(a, "/sse/room/resume-across", null).requireOpen()) {
                first.next("join");
                for (int i = 1; i <= 3; i++) {
                    posted(a, "resume-across", "m" + i);
                }
                assertEquals("3", first.inbox.awaitCount(e -> e.event().equals("message"), 3, "three messages").get(2).id());
            }
            assertEquals(4, posted(b, "resume-across", "m4"));
            assertEquals(5, posted(a, "resume-across", "m5"));
            try (TestEventStream again = TestEventStream.open(b, "/sse/room/resume-across", "3").requireOpen()) {
                assertEquals(List.of("4:m4", "5:m5"), messages(again.inbox.awaitCount(e -> e.event().equals("message"), 2, "the missed ones")));
                posted(a, "resume-across", "m6");
                assertEquals("6", again.next(e -> e.event().equals("message") && e.id().equals("6"), TestEventStream.WAIT).id());
                assertEquals(3, again.inbox.all().stream().filter(e -> e.event().equals("message")).count(), "no repeats");
                assertFalse(again.inbox.any(e -> e.data().contains("\"gap\"")), "nothing lost: no gap notice");
            }
        }
    }

    @Test
    void killingAnInstanceMidStreamLosesNothingAcknowledged() {
        TestApp doomed = TestApp.withRedis(redis.url());
        List<Long> acknowledged = new ArrayList<>();
        String lastSeenOnDoomed;
        try (TestSocket keeper = TestSocket.open(b, "/ws/room/doomed?presence=off")) {
            TestEventStream reader = TestEventStream.open(doomed, "/sse/room/doomed?presence=off", null).requireOpen();
            for (int i = 1; i <= 5; i++) {
                acknowledged.add(posted(doomed, "doomed", "before " + i));
            }
            lastSeenOnDoomed = reader.inbox.awaitCount(e -> e.event().equals("message"), 5, "five messages").get(4).id();
            // The instance goes away while its publisher and its reader are in the middle of things.
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(doomed::close);
            for (int i = 1; i <= 5; i++) {
                acknowledged.add(posted(a, "doomed", "after " + i));
            }
            stopping.join();
            reader.close();

            try (TestEventStream back = TestEventStream.open(a, "/sse/room/doomed?presence=off", lastSeenOnDoomed).requireOpen()) {
                List<TestEventStream.Event> missed = back.inbox.awaitCount(e -> e.event().equals("message"), 5, "what it missed");
                assertEquals(List.of("6:after 1", "7:after 2", "8:after 3", "9:after 4", "10:after 5"), messages(missed));
            }
            // Every acknowledged message is kept where any instance can replay it.
            try (TestEventStream all = TestEventStream.open(b, "/sse/room/doomed?presence=off", "0").requireOpen()) {
                List<Long> replayed = all.inbox.awaitCount(e -> e.event().equals("message"), 10, "everything")
                        .stream().map(e -> Long.parseLong(e.id())).toList();
                assertEquals(acknowledged, replayed);
            }
        } finally {
            doomed.close();
        }
    }

    @Test
    void aRedisOutageDegradesTheRoomAndItRecoversByItself() throws Exception {
        try (TestRedis own = TestRedis.start();
             TestApp first = TestApp.withRedis(own.url());
             TestApp second = TestApp.withRedis(own.url());
             TestSocket onFirst = TestSocket.open(first, "/ws/room/outage?name=Ada");
             TestEventStream alsoOnFirst = TestEventStream.open(first, "/sse/room/outage?name=Cy", null).requireOpen();
             TestSocket onSecond = TestSocket.open(second, "/ws/room/outage?name=Bo")) {
            onFirst.inbox.next(n -> n.path("who").asText().equals("Bo"), "Bo's join");
            onFirst.send("shared");
            assertEquals(1, onSecond.next("message").path("seq").asLong());
            assertTrue(first.get("/api/rooms").body().contains("\"backplane\":\"redis\""));

            own.stop();
            JsonNode degraded = onFirst.inbox.next(n -> n.path("type").asText().equals("degraded"), "the degraded notice");
            assertEquals("outage", degraded.path("room").asText());
            alsoOnFirst.await(e -> e.event().equals("notice") && e.data().contains("\"degraded\""));
            assertTrue(first.get("/api/rooms").body().contains("\"degraded\":true"), first.get("/api/rooms").body());
            // Local members still hear each other.
            onFirst.send("local only");
            TestEventStream.Event local = alsoOnFirst.await(e -> e.event().equals("message") && e.data().contains("local only"));
            assertEquals("2", local.id());

            own.startAgain();
            onFirst.inbox.next(n -> n.path("type").asText().equals("recovered"), "the recovered notice");
            onSecond.inbox.next(n -> n.path("type").asText().equals("recovered"), "the recovered notice on the other instance");
            assertTrue(first.get("/api/rooms").body().contains("\"degraded\":false"), first.get("/api/rooms").body());

            onSecond.send("shared again");
            long onFirstSeq = onFirst.inbox.next(n -> n.path("text").asText().equals("shared again"), "the message across").path("seq").asLong();
            long onSecondSeq = onSecond.inbox.next(n -> n.path("text").asText().equals("shared again"), "the message at home").path("seq").asLong();
            assertEquals(onFirstSeq, onSecondSeq, "the same id on both instances again");
            assertTrue(onFirstSeq > 2, "numbered above what was used while degraded: " + onFirstSeq);
        }
    }

    @Test
    void withoutRedisTheRoomsAreInMemory() {
        try (TestApp alone = new TestApp()) {
            String stats = alone.get("/api/rooms").body();
            assertTrue(stats.contains("\"backplane\":\"memory\"") && stats.contains("\"degraded\":false"), stats);
        }
    }

    static String ids(List<TestEventStream.Event> events) {
        return events.stream().map(TestEventStream.Event::id).collect(Collectors.joining(","));
    }
}
