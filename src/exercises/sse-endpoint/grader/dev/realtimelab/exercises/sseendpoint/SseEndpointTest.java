package dev.realtimelab.exercises.sseendpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtimelab.exercises.sseendpoint.SseEndpoint.Event;
import dev.realtimelab.exercises.sseendpoint.SseEndpoint.Feed;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades the sse-endpoint exercise: the wire format, then a real server read by a streaming GET. */
@Tag("exercise")
@Tag("sse-endpoint")
@DisplayName("sse-endpoint: an SSE endpoint by hand")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SseEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Map<String, TestFeed> FEEDS = new ConcurrentHashMap<>();
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
            // The endpoint under test, mounted as any servlet-based server would mount it.
            config.routes.get("/events/{name}", ctx -> {
                String name = ctx.pathParam("name");
                TestFeed feed = FEEDS.get(name);
                try {
                    SseEndpoint.serve(ctx.res(), feed, feed.keepAlive);
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

    // ---- the wire format ----

    @Test
    @DisplayName("writes one event in the exact wire format")
    void writesOneEvent() throws IOException {
        assertEquals("id: 7\nevent: price\ndata: 42\n\n", written(new Event("7", "price", "42")),
                "an event with an id and a type: the id: line, the event: line, the data: line, then a blank line");
        assertEquals("data: hello\n\n", written(new Event(null, null, "hello")),
                "with no id and no type, only the data: line and the blank line are written");
    }

    @Test
    @DisplayName("writes one data line per line of data")
    void splitsMultiLineData() throws IOException {
        assertEquals("data: one\ndata: two\ndata: three\ndata: four\n\n",
                written(new Event(null, null, "one\ntwo\r\nthree\rfour")),
                "a line break inside a data: line would end it; CRLF, LF and CR each start a new data: line");
        assertEquals("data: \n\n", written(new Event(null, null, "")),
                "empty data is still one data: line (the browser then dispatches an event with empty data)");
    }

    @Test
    @DisplayName("refuses an id or event type that would break the frame")
    void refusesBrokenFields() {
        assertThrows(IllegalArgumentException.class, () -> written(new Event("1\nevent: admin", null, "x")),
                "an id with a line break would let the rest of it be read as another field: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> written(new Event(null, "tick\rdata: forged", "x")),
                "an event type with a CR ends the line early (CR alone is a line ending): throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> written(new Event("4\0" + "2", null, "x")),
                "the browser ignores an id that contains NUL, so sending one is a bug: throw IllegalArgumentException");
    }

    @Test
    @DisplayName("writes a comment as a colon line and a blank line")
    void writesComment() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseEndpoint.writeComment(out, "keep-alive");
        assertEquals(": keep-alive\n\n", out.toString(StandardCharsets.UTF_8),
                "a line that starts with a colon is a comment: \": keep-alive\" then a blank line");
    }

    // ---- a real server, read with a streaming GET ----

    @Test
    @DisplayName("answers 200, text/event-stream, not cached, before any event exists")
    void sendsTheHeadAtOnce() throws Exception {
        TestFeed feed = mount(Duration.ofSeconds(30));
        try (StreamingGet get = StreamingGet.open(feed)) {
            HttpResponse<InputStream> head = get.awaitHead(
                    "no response head within 5 s although the feed has no event yet: flush the output right after"
                            + " setting the headers, or EventSource stays CONNECTING until the first event");
            String type = head.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("text/event-stream"),
                    "Content-Type must be text/event-stream (any other type fails EventSource for good), got: " + type);
            String cache = head.headers().firstValue("Cache-Control").orElse("");
            assertTrue(cache.contains("no-store") || cache.contains("no-cache"),
                    "a live stream must not be cached: send Cache-Control: no-store (or no-cache), got: '" + cache + "'");
        } finally {
            feed.finish();
        }
    }

    @Test
    @DisplayName("sends each event as soon as it is produced (a flush per event)")
    void flushesEachEvent() throws Exception {
        TestFeed feed = mount(Duration.ofSeconds(30));
        try (StreamingGet get = StreamingGet.open(feed)) {
            get.awaitHead("no response head within 5 s: flush the output right after setting the headers");
            for (int i = 1; i <= 3; i++) {
                feed.produce(new Event(String.valueOf(i), "tick", "tick " + i));
                // The next event is produced only after this one arrived: a missing flush shows up here.
                List<String> block = get.nextBlock("event " + i + " did not reach the client within 5 s, and the next one"
                        + " will not be produced before it does: flush after writing each event" + failureOf(feed));
                assertEquals(List.of("id: " + i, "event: tick", "data: tick " + i), block,
                        "event " + i + " as it arrived on the wire");
            }
        } finally {
            feed.finish();
        }
    }

    @Test
    @DisplayName("sends a keep-alive comment while the feed is quiet")
    void sendsKeepAlives() throws Exception {
        TestFeed feed = mount(Duration.ofMillis(200));
        try (StreamingGet get = StreamingGet.open(feed)) {
            get.awaitHead("no response head within 5 s: flush the output right after setting the headers");
            List<String> first = get.nextBlock("nothing arrived within 5 s while the feed was quiet (keepAlive is 200 ms):"
                    + " write a comment line and flush it each time poll() returns null" + failureOf(feed));
            assertTrue(first.get(0).startsWith(":"),
                    "while no event exists, the only thing to send is a comment (a line starting with ':'), got: " + first);
            feed.produce(new Event("1", null, "after the quiet"));
            List<String> block;
            do {
                block = get.nextBlock("the event produced after the keep-alives did not arrive within 5 s");
            } while (block.get(0).startsWith(":"));
            assertEquals(List.of("id: 1", "data: after the quiet"), block, "the event after some keep-alives");
        } finally {
            feed.finish();
        }
    }

    @Test
    @DisplayName("ends the response once the feed is finished")
    void endsWithTheFeed() throws Exception {
        TestFeed feed = mount(Duration.ofSeconds(30));
        feed.produce(new Event("1", null, "first"));
        feed.produce(new Event("2", null, "second"));
        feed.finish();
        try (StreamingGet get = StreamingGet.open(feed)) {
            get.awaitHead("no response head within 5 s" + failureOf(feed));
            assertEquals(List.of("id: 1", "data: first"), get.nextBlock("the first event did not arrive" + failureOf(feed)));
            assertEquals(List.of("id: 2", "data: second"), get.nextBlock("the second event did not arrive"));
            assertNull(get.nextBlock("the response did not end within 5 s after the feed finished:"
                            + " return from serve() once feed.isFinished() is true"),
                    "after the last event the response must end");
        }
    }

    @Test
    @DisplayName("sends the text as UTF-8")
    void sendsUtf8() throws Exception {
        TestFeed feed = mount(Duration.ofSeconds(30));
        String text = "café, 日本, ☕";
        feed.produce(new Event(null, null, text));
        feed.finish();
        try (StreamingGet get = StreamingGet.open(feed)) {
            get.awaitHead("no response head within 5 s" + failureOf(feed));
            assertEquals(List.of("data: " + text), get.nextBlock("the event did not arrive" + failureOf(feed)),
                    "an event stream is always UTF-8: encode the text as UTF-8 bytes (a Writer with the server's"
                            + " default charset may turn these characters into '?')");
        }
    }

    // ---- helpers ----

    private static String written(Event event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseEndpoint.writeEvent(out, event);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static TestFeed mount(Duration keepAlive) {
        TestFeed feed = new TestFeed("feed-" + NAMES.incrementAndGet(), keepAlive);
        FEEDS.put(feed.name, feed);
        return feed;
    }

    private static String failureOf(TestFeed feed) {
        Throwable failure = FAILURES.get(feed.name);
        return failure == null ? "" : " (serve() threw " + failure + ")";
    }

    /** A feed the test drives by hand. */
    private static final class TestFeed implements Feed {
        final String name;
        final Duration keepAlive;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private volatile boolean finished;

        TestFeed(String name, Duration keepAlive) {
            this.name = name;
            this.keepAlive = keepAlive;
        }

        void produce(Event event) {
            events.add(event);
        }

        void finish() {
            finished = true;
        }

        @Override
        public Event poll(Duration timeout) throws InterruptedException {
            // Waits in short steps so that finish() ends a long keep-alive wait at once.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Event event = events.poll(Math.max(0, Math.min(left, 50_000_000)), TimeUnit.NANOSECONDS);
                if (event != null || finished || left <= 0) {
                    return event;
                }
            }
        }

        @Override
        public boolean isFinished() {
            return finished && events.isEmpty();
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

        static StreamingGet open(TestFeed feed) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/events/" + feed.name);
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
            return new StreamingGet(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
        }

        /** The response head; fails unless it came in time with status 200. */
        HttpResponse<InputStream> awaitHead(String whyItMightBeMissing) throws Exception {
            HttpResponse<InputStream> head;
            try {
                head = response.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(whyItMightBeMissing);
            }
            body = head.body();
            if (head.statusCode() != 200) {
                String text = new String(body.readNBytes(500), StandardCharsets.UTF_8);
                fail("expected status 200 (EventSource only opens on 200), got " + head.statusCode() + ": " + text);
            }
            Thread reader = new Thread(this::readLines, "sse-endpoint-test-reader");
            reader.setDaemon(true);
            reader.start();
            return head;
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

        /** The lines up to the next blank line, or null at the end of the stream. */
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
                    continue; // an extra blank line dispatches nothing
                }
                block.add(line);
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
