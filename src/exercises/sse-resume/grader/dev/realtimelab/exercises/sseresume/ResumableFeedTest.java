package dev.realtimelab.exercises.sseresume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtimelab.exercises.sseresume.ResumableFeed.Event;
import dev.realtimelab.exercises.sseresume.ResumableFeed.Replay;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades the sse-resume exercise: the replay buffer itself, then a real server and streaming GETs. */
@Tag("exercise")
@Tag("sse-resume")
@DisplayName("sse-resume: resume after Last-Event-ID")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResumableFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Map<String, ResumableFeed> FEEDS = new ConcurrentHashMap<>();
    private static final Map<String, Throwable> FAILURES = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private static Javalin server;

    @BeforeAll
    static void startServer() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.get("/feed/{name}", ctx -> {
                String name = ctx.pathParam("name");
                try {
                    FEEDS.get(name).serve(ctx.res(), ctx.header("Last-Event-ID"));
                } catch (Throwable e) {
                    FAILURES.put(name, e);
                    if (!ctx.res().isCommitted()) {
                        ctx.status(500).result("serve() threw " + e);
                    }
                }
            });
        }).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void endFeeds() {
        // Lets every serve() still streaming return, so the server stops at once.
        FEEDS.values().forEach(feed -> {
            try {
                feed.end();
            } catch (RuntimeException ignored) {
                // the starter throws; nothing to clean up then
            }
        });
    }

    // ---- the replay buffer ----

    @Test
    @DisplayName("numbers events from 1 and keeps only the newest ones")
    void numbersAndBoundsEvents() {
        ResumableFeed feed = new ResumableFeed(3);
        for (long expected = 1; expected <= 5; expected++) {
            assertEquals(expected, feed.publish("event " + expected), "publish() returns the id it gave the event: 1, 2, 3...");
        }
        assertEquals(new Replay(events(3, 4, 5), false), feed.replayAfter("2"),
                "capacity 3 keeps events 3 to 5; a client whose last id is 2 misses nothing that was dropped");
        assertThrows(IllegalArgumentException.class, () -> feed.publish("two\nlines"),
                "data is one line of text: refuse CR and LF with IllegalArgumentException");
    }

    @Test
    @DisplayName("replays exactly the events after a known Last-Event-ID, in order")
    void replaysAfterKnownId() {
        ResumableFeed feed = feedWith(10, 5);
        assertEquals(new Replay(events(4, 5), false), feed.replayAfter("3"), "after id 3 come 4 and 5, in order");
        assertEquals(new Replay(List.of(), false), feed.replayAfter("5"), "a client that has id 5 has everything");
        assertEquals(new Replay(List.of(), false), feed.replayAfter(null),
                "no Last-Event-ID header: a new client, nothing to replay; it starts with the next event");
        assertEquals(new Replay(List.of(), false), feed.replayAfter(""), "an empty Last-Event-ID is the same as none");
    }

    @Test
    @DisplayName("reports a gap when it cannot resume from the id, and replays what it has")
    void reportsGaps() {
        ResumableFeed feed = feedWith(3, 5); // keeps 3, 4, 5
        Replay everything = new Replay(events(3, 4, 5), true);
        assertEquals(everything, feed.replayAfter("1"),
                "event 2 was dropped (capacity 3): replay all that is left and set gap, so the client knows to reload");
        assertEquals(everything, feed.replayAfter("99"),
                "id 99 was never given (a client from an earlier run of the server?): replay everything, gap");
        assertEquals(everything, feed.replayAfter("not-a-number"), "an id this feed never makes: replay everything, gap");
    }

    // ---- over HTTP, with a real streaming client ----

    @Test
    @DisplayName("over HTTP: replays after Last-Event-ID, then streams new events live")
    void resumesOverHttp() throws Exception {
        ResumableFeed feed = mountFeed(10, 3);
        try (StreamingGet get = StreamingGet.open(feed, "1")) {
            get.awaitOk(feed);
            assertEquals(List.of("id: 2", "data: event 2"), get.nextBlock("event 2 (missed after Last-Event-ID: 1) was not replayed" + failureOf(feed)),
                    "after Last-Event-ID: 1 the first event must be 2: is the replay buffer consulted?");
            assertEquals(List.of("id: 3", "data: event 3"), get.nextBlock("event 3 was not replayed"), "then event 3");
            feed.publish("event 4");
            assertEquals(List.of("id: 4", "data: event 4"), get.nextBlock("event 4, published while the client was"
                    + " connected, did not arrive within 5 s: after the replay, wait for new events and flush each one"),
                    "the live event after the replay");
        }
    }

    @Test
    @DisplayName("over HTTP: a client without Last-Event-ID gets only new events")
    void newClientStartsLive() throws Exception {
        ResumableFeed feed = mountFeed(10, 2);
        try (StreamingGet get = StreamingGet.open(feed, null)) {
            get.awaitOk(feed);
            feed.publish("event 3");
            assertEquals(List.of("id: 3", "data: event 3"), get.nextBlock("event 3, published after the client got the"
                    + " response head, did not arrive within 5 s" + failureOf(feed)),
                    "a client without Last-Event-ID starts with the events published after it connected");
        }
    }

    @Test
    @DisplayName("over HTTP: sends a gap event before the replay when the id is too old")
    void sendsGapEvent() throws Exception {
        ResumableFeed feed = mountFeed(3, 5);
        try (StreamingGet get = StreamingGet.open(feed, "1")) {
            get.awaitOk(feed);
            assertEquals(List.of("event: gap", "data: 3"), get.nextBlock("nothing arrived after Last-Event-ID: 1" + failureOf(feed)),
                    "event 2 is gone: first send an event of type gap (no id line) whose data is the next id the client gets");
            for (int id = 3; id <= 5; id++) {
                assertEquals(List.of("id: " + id, "data: event " + id), get.nextBlock("event " + id + " was not replayed"),
                        "after the gap event, everything still in the buffer, in order");
            }
        }
    }

    @Test
    @DisplayName("over HTTP: answers 204 once the feed has ended and the client has everything")
    void answers204AfterTheEnd() throws Exception {
        ResumableFeed feed = mountFeed(10, 2);
        feed.end();
        assertEquals(204, status(feed, "2"), "the feed ended and the client has event 2, the last one: answer 204,"
                + " the only answer that stops EventSource reconnecting for good" + failureOf(feed));
        assertEquals(204, status(feed, null), "the feed ended; a new client would get nothing: 204" + failureOf(feed));
        try (StreamingGet get = StreamingGet.open(feed, "1")) {
            get.awaitOk(feed);
            assertEquals(List.of("id: 2", "data: event 2"), get.nextBlock("a client that missed event 2 of an ended"
                    + " feed must still get it (status 200)"), "the missed event, although the feed has ended");
            assertNull(get.nextBlock("the response did not end after the last event of an ended feed"),
                    "then the response ends; the browser reconnects with Last-Event-ID: 2 and gets the 204");
        }
    }

    @Test
    @DisplayName("over HTTP: ends open streams when the feed ends")
    void endsOpenStreams() throws Exception {
        ResumableFeed feed = mountFeed(10, 0);
        try (StreamingGet get = StreamingGet.open(feed, null)) {
            get.awaitOk(feed);
            feed.publish("last words");
            assertEquals(List.of("id: 1", "data: last words"), get.nextBlock("the live event did not arrive" + failureOf(feed)),
                    "the event published while the client was connected");
            feed.end();
            assertNull(get.nextBlock("the stream stayed open 5 s after end(): wake the waiting stream and end the response"),
                    "the response ends with the feed");
        }
    }

    // ---- helpers ----

    private static List<Event> events(long... ids) {
        List<Event> list = new ArrayList<>();
        for (long id : ids) {
            list.add(new Event(id, "event " + id));
        }
        return list;
    }

    private static ResumableFeed feedWith(int capacity, int count) {
        ResumableFeed feed = new ResumableFeed(capacity);
        for (int i = 1; i <= count; i++) {
            feed.publish("event " + i);
        }
        return feed;
    }

    private static ResumableFeed mountFeed(int capacity, int count) {
        ResumableFeed feed = feedWith(capacity, count);
        FEEDS.put("feed-" + NAMES.incrementAndGet(), feed);
        return feed;
    }

    private static String nameOf(ResumableFeed feed) {
        return FEEDS.entrySet().stream().filter(e -> e.getValue() == feed).findFirst().orElseThrow().getKey();
    }

    private static String failureOf(ResumableFeed feed) {
        Throwable failure = FAILURES.get(nameOf(feed));
        return failure == null ? "" : " (serve() threw " + failure + ")";
    }

    private static HttpRequest request(ResumableFeed feed, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/feed/" + nameOf(feed))).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return request.build();
    }

    private static int status(ResumableFeed feed, String lastEventId) throws Exception {
        CompletableFuture<HttpResponse<Void>> response = HTTP.sendAsync(request(feed, lastEventId), HttpResponse.BodyHandlers.discarding());
        try {
            return response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new AssertionError("no answer within 5 s (Last-Event-ID: " + lastEventId + "); an ended feed with"
                    + " nothing to replay should answer 204 at once" + failureOf(feed));
        }
    }

    /** A streaming GET: the head as soon as it arrives, then the body line by line as it arrives. */
    private static final class StreamingGet implements AutoCloseable {
        private static final String END = "\u0000end of stream";
        private final CompletableFuture<HttpResponse<InputStream>> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private InputStream body;

        private StreamingGet(CompletableFuture<HttpResponse<InputStream>> response) {
            this.response = response;
        }

        static StreamingGet open(ResumableFeed feed, String lastEventId) {
            return new StreamingGet(HTTP.sendAsync(request(feed, lastEventId), HttpResponse.BodyHandlers.ofInputStream()));
        }

        /** Waits for the head; fails unless it is a 200 text/event-stream. */
        void awaitOk(ResumableFeed feed) throws Exception {
            HttpResponse<InputStream> head;
            try {
                head = response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("no response head within 5 s: send the head (and flush) before waiting for"
                        + " new events" + failureOf(feed));
            }
            body = head.body();
            if (head.statusCode() != 200) {
                fail("expected status 200, got " + head.statusCode() + ": "
                        + new String(body.readNBytes(500), StandardCharsets.UTF_8));
            }
            String type = head.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("text/event-stream"), "Content-Type must be text/event-stream, got: " + type);
            Thread reader = new Thread(this::readLines, "sse-resume-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLines() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // closed by the test, or the server went away: either way the stream is over
            }
            lines.add(END);
        }

        /** The lines of the next event (comments skipped), or null at the end of the stream. */
        List<String> nextBlock(String whyItMightBeMissing) throws InterruptedException {
            List<String> block = new ArrayList<>();
            while (true) {
                String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    fail(whyItMightBeMissing + (block.isEmpty() ? "" : " (received so far: " + block + ")"));
                }
                if (line.equals(END)) {
                    assertTrue(block.isEmpty(), "the stream ended in the middle of an event: " + block);
                    return null;
                }
                if (line.isEmpty()) {
                    if (!block.isEmpty()) {
                        return block;
                    }
                } else if (!line.startsWith(":")) {
                    block.add(line);
                }
            }
        }

        @Override
        public void close() throws IOException {
            response.cancel(true);
            if (body != null) {
                body.close();
            }
        }
    }
}
