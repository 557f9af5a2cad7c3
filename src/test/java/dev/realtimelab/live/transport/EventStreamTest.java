package dev.realtimelab.live.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.live.hub.Ticker;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written SSE writer over real HTTP: a small server of its own, so the keep-alive
 * interval can be short enough to watch.
 */
class EventStreamTest {
    static final Ticker ticker = Ticker.system();
    static EventStreams quiet;
    static EventStreams chatty;
    static Javalin server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        quiet = new EventStreams(ticker, Duration.ofMinutes(10));
        chatty = new EventStreams(ticker, Duration.ofMillis(200));
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.http.asyncTimeout = 0;
            // As in App: end the streams while the server still runs. Completing one after the
            // server stopped sends Javalin into an endless loop of exceptions on a recycled response.
            config.events.serverStopping(() -> {
                quiet.close();
                chatty.close();
            });
            config.routes.get("/silent", ctx -> quiet.open(ctx, () -> {}));
            config.routes.get("/idle", ctx -> chatty.open(ctx, () -> {}));
            config.routes.get("/lines", ctx -> {
                EventStream stream = quiet.open(ctx, () -> {});
                stream.comment("first\nsecond");
                stream.send("7", "note", "one\ntwo\r\nthree\rfour");
                stream.send(null, null, "");
            });
        }).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        ticker.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void theHeadArrivesBeforeAnyEvent() {
        // Nothing is ever written to /silent: open() returns only because the head was flushed.
        try (TestEventStream stream = TestEventStream.open(http, uri("/silent"))) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            assertTrue(stream.contentType().toLowerCase().contains("charset=utf-8"), stream.contentType());
            assertEquals("no-store", stream.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(""));
        }
    }

    @Test
    void everyLineOfDataAndOfACommentGetsItsOwnPrefix() {
        try (TestEventStream stream = TestEventStream.open(http, uri("/lines"))) {
            assertEquals(List.of(": first", ": second"), stream.nextBlock().lines());
            assertEquals(List.of("id: 7", "event: note", "data: one", "data: two", "data: three", "data: four"),
                    stream.nextBlock().lines());
            assertEquals(List.of("data: "), stream.nextBlock().lines(), "empty data still makes one data line");
        }
    }

    @Test
    void aLineBreakInAnIdOrEventTypeIsRefused() {
        EventStream stream = new EventStream(4);
        assertThrows(IllegalArgumentException.class, () -> stream.send("1\ndata: forged", null, "x"));
        assertThrows(IllegalArgumentException.class, () -> stream.send(null, "tick\r", "x"));
        assertThrows(IllegalArgumentException.class, () -> stream.send("a\0b", null, "x"));
        assertThrows(IllegalArgumentException.class, () -> stream.retry(-1));
        assertEquals(0, stream.backlog());
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() {
        try (TestEventStream stream = TestEventStream.open(http, uri("/idle"))) {
            assertEquals(List.of(": keep-alive"), stream.nextBlock().lines());
            assertEquals(List.of(": keep-alive"), stream.nextBlock().lines());
        }
    }

    @Test
    void aClientThatFallsTooFarBehindIsCutOff() {
        EventStream stream = new EventStream(2); // never started: nothing drains the queue
        assertTrue(stream.send("1", null, "a"));
        assertTrue(stream.send("2", null, "b"));
        assertEquals(2, stream.backlog());
        assertEquals(false, stream.wasCutOff());
        assertEquals(false, stream.send("3", null, "c"));
        assertEquals(false, stream.isOpen());
        assertTrue(stream.wasCutOff(), "it remembers why it closed");
    }

    @Test
    void aStreamClosedOtherwiseWasNotCutOff() {
        EventStream stream = new EventStream(2);
        stream.close();
        assertEquals(false, stream.send("1", null, "a"));
        assertEquals(false, stream.wasCutOff());
    }
}
