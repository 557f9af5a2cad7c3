package dev.realtimelab.exercises.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades {@link TokenBucket} on a hand-driven clock, then inside a real WebSocket endpoint. */
@Tag("exercise")
@Tag("rate-limit")
@DisplayName("Exercise rate-limit: a token bucket per connection")
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TokenBucketTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    /** Starts at an arbitrary negative reading, as System.nanoTime may. */
    private final AtomicLong clock = new AtomicLong(-123_456_789_000L);

    @Test
    @DisplayName("A new bucket lets a burst of 'capacity' messages through, then refuses")
    void burstUpToCapacity() {
        TokenBucket bucket = new TokenBucket(5, 1.0, clock::get);
        for (int i = 1; i <= 5; i++) {
            assertTrue(bucket.tryAcquire(), "message " + i + " of a first burst of 5 was refused: a new bucket starts"
                    + " full, so a page may send a few messages at once (capacity = 5)");
        }
        assertFalse(bucket.tryAcquire(), "a 6th message at the same instant was allowed: capacity 5 means at most 5"
                + " before the bucket refills");
    }

    @Test
    @DisplayName("Tokens come back at the refill rate")
    void refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(5, 2.0, clock::get);
        drain(bucket);
        clock.addAndGet(499 * MS);
        assertFalse(bucket.tryAcquire(), "at 2 tokens per second, 0.499 s earns less than one token, yet a message"
                + " was allowed");
        clock.addAndGet(1 * MS);
        assertTrue(bucket.tryAcquire(), "at 2 tokens per second, 0.5 s earns one token, yet the message was refused."
                + " Add elapsed nanoseconds x refillPerSecond / 1e9 on each call.");
        assertFalse(bucket.tryAcquire(), "only one token was earned in 0.5 s, but two messages passed");
        clock.addAndGet(1 * SECOND);
        assertTrue(bucket.tryAcquire(), "1 s at 2 per second earns 2 tokens: the first was refused");
        assertTrue(bucket.tryAcquire(), "1 s at 2 per second earns 2 tokens: the second was refused");
        assertFalse(bucket.tryAcquire(), "1 s at 2 per second earns 2 tokens, not 3");
    }

    @Test
    @DisplayName("A refusal costs nothing: a client that keeps knocking gets in once a token is back")
    void refusalsCostNothing() {
        TokenBucket bucket = new TokenBucket(3, 2.0, clock::get);
        drain(bucket);
        for (int i = 0; i < 100; i++) {
            bucket.tryAcquire();
        }
        clock.addAndGet(500 * MS);
        assertTrue(bucket.tryAcquire(), "after 100 refused attempts and 0.5 s at 2 per second, the next message was"
                + " refused: a refusal must take nothing (the token count never goes below zero)");
    }

    @Test
    @DisplayName("Fractions of a token are kept between calls")
    void keepsFractions() {
        TokenBucket bucket = new TokenBucket(5, 2.0, clock::get);
        drain(bucket);
        int allowed = 0;
        for (int i = 0; i < 100; i++) { // one attempt every 100 ms for 10 s
            clock.addAndGet(100 * MS);
            if (bucket.tryAcquire()) {
                allowed++;
            }
        }
        assertTrue(allowed >= 19 && allowed <= 21, "a client trying every 100 ms for 10 s at 2 tokens per second"
                + " should get about 20 messages through, but got " + allowed + "."
                + (allowed == 0 ? " Each call earns only 0.2 of a token: if you round that down to a whole number and"
                + " still move the last-refill time forward, the fraction is lost and the bucket never refills."
                + " Keep tokens as a double (or move the last-refill time only by the time actually converted)." : ""));
    }

    @Test
    @DisplayName("Idle time does not bank more than 'capacity' tokens")
    void idleTimeIsCapped() {
        TokenBucket bucket = new TokenBucket(5, 1.0, clock::get);
        drain(bucket);
        clock.addAndGet(3600 * SECOND);
        int allowed = countAllowed(bucket, 50);
        assertEquals(5, allowed, "after an hour of silence a burst of " + allowed + " passed: the bucket must never"
                + " hold more than its capacity (5), or a quiet client could save up for a flood");
    }

    @Test
    @DisplayName("Only differences of the clock count: readings may be negative and may wrap around")
    void clockValuesMayWrap() {
        clock.set(Long.MAX_VALUE - 200 * MS); // 0.2 s before the long wraps to negative
        TokenBucket bucket = new TokenBucket(2, 2.0, clock::get);
        drain(bucket);
        clock.addAndGet(1 * SECOND); // overflows into large negative numbers, as nanoTime may
        assertEquals(2, countAllowed(bucket, 10), "1 s passed at 2 tokens per second, but the clock's reading wrapped"
                + " from near Long.MAX_VALUE to a negative number. System.nanoTime's origin is arbitrary: compute"
                + " now - last (which stays right across the wrap) and never compare now > last.");
    }

    @Test
    @DisplayName("Nonsense settings are refused")
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1.0, clock::get),
                "capacity 0 would refuse every message forever: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-1, 1.0, clock::get),
                "a negative capacity makes no sense: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(5, 0.0, clock::get),
                "a refill rate of 0 never refills: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(5, -2.0, clock::get),
                "a negative refill rate makes no sense: throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(5, Double.NaN, clock::get),
                "NaN is not a rate (and every comparison with it is false, so check with !(rate > 0))");
    }

    @Test
    @DisplayName("Many threads on one bucket never get more than its tokens")
    void threadSafe() throws Exception {
        TokenBucket bucket = new TokenBucket(1000, 1.0, clock::get);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    return countAllowed(bucket, 500);
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> worker : workers) {
                allowed += worker.get(10, TimeUnit.SECONDS);
            }
            assertEquals(1000, allowed, "8 threads made 4000 attempts on a bucket of 1000 tokens (clock stopped) and "
                    + allowed + " succeeded. Messages of one connection may be handled on different threads: make"
                    + " tryAcquire synchronized so that reading and updating the tokens is one step.");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("Over real WebSockets: a flood is closed with 1013, a polite client on another socket is served")
    void floodIsClosedPoliteClientIsServed() throws Exception {
        Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.ws("/ws/echo", ws -> {
                // One bucket per connection: 5 messages at once, then 1 per second.
                ws.onConnect(ctx -> buckets.put(ctx.sessionId(), new TokenBucket(5, 1.0, clock::get)));
                ws.onMessage(ctx -> {
                    TokenBucket bucket = buckets.get(ctx.sessionId());
                    if (bucket == null) {
                        return; // already being closed
                    }
                    if (bucket.tryAcquire()) {
                        ctx.send("echo: " + ctx.message());
                    } else {
                        buckets.remove(ctx.sessionId());
                        ctx.closeSession(1013, "too many messages: slow down");
                    }
                });
                ws.onClose(ctx -> buckets.remove(ctx.sessionId()));
            });
        }).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo");
        try {
            Client polite = Client.open(http, uri);
            Client flooder = Client.open(http, uri);

            // Capacity + 1 messages at once, with the clock stopped: the sixth must close the socket.
            // Then the flooder stops: data still arriving after the server's close frame would make
            // the kernel reset the connection, and the client would never read the 1013.
            for (int i = 0; i < 6 && !flooder.closed.isDone(); i++) {
                if (!flooder.trySend("spam " + i)) {
                    break; // the server has closed the socket
                }
            }
            int code;
            try {
                code = flooder.closed.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("after 6 messages at once (capacity 5, clock stopped) the socket is still open:"
                        + " tryAcquire() allowed more than the bucket's capacity");
            }
            assertEquals(1013, code, "the flooding client should be closed with 1013 (try again later)"
                    + (code == 1011 ? "; 1011 means the endpoint threw: tryAcquire() or the constructor failed" : ""));
            assertEquals(5, flooder.echoes(), "the flooder got " + flooder.echoes() + " echoes before it was closed;"
                    + " its bucket (capacity 5, clock stopped) allows exactly 5");

            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    assertTrue(polite.trySend("hello " + round + "." + i), "the polite client's socket was closed");
                    assertEquals("echo: hello " + round + "." + i, polite.next(), "the polite client, who sends 5"
                            + " messages every 5 seconds (exactly the refill rate), was not served: is the bucket"
                            + " refilling? (or does one connection's flood use up another's tokens?)");
                }
                clock.addAndGet(5 * SECOND);
            }
            assertFalse(polite.closed.isDone(), "the polite client's socket was closed, yet it never exceeded its rate");
        } finally {
            server.stop();
        }
    }

    // ---- helpers ----

    private static void drain(TokenBucket bucket) {
        for (int i = 0; i < 10_000 && bucket.tryAcquire(); i++) {
            // take every token the bucket holds
        }
        assertFalse(bucket.tryAcquire(), "the bucket never ran dry");
    }

    private static int countAllowed(TokenBucket bucket, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryAcquire()) {
                allowed++;
            }
        }
        return allowed;
    }

    /** A real WebSocket client that records what it receives and how it was closed. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        static Client open(HttpClient http, URI uri) throws Exception {
            Client client = new Client();
            client.socket = http.newWebSocketBuilder().header("Origin", "http://localhost:7070")
                    .buildAsync(uri, client).get(10, TimeUnit.SECONDS);
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        boolean trySend(String text) {
            try {
                socket.sendText(text, true).get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        String next() throws InterruptedException {
            return received.poll(5, TimeUnit.SECONDS);
        }

        int echoes() {
            return received.size();
        }
    }
}
