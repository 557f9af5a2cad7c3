package dev.realtimelab.exercises.wsresume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtimelab.exercises.wsresume.MessageLog.Entry;
import dev.realtimelab.exercises.wsresume.ResumingReceiver.Outcome;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades the ws-resume exercise: the server's log, the client's receiver, and both over a real WebSocket. */
@Tag("exercise")
@Tag("ws-resume")
@DisplayName("ws-resume: sequence numbers and a gap-free resume")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketResumeTest {

    // ---- the server's log ----

    @Test
    @DisplayName("numbers messages from 1, keeps the newest, and replays after a sequence number")
    void numbersAndReplays() {
        MessageLog log = new MessageLog(3);
        assertEquals(0, log.lastSeq(), "an empty log's last sequence number is 0");
        for (long seq = 1; seq <= 5; seq++) {
            assertEquals(seq, log.append("m" + seq), "append() returns the message's sequence number: 1, 2, 3...");
        }
        assertEquals(5, log.lastSeq(), "five messages: the last sequence number is 5");
        assertEquals(Optional.of(List.of(new Entry(4, "m4"), new Entry(5, "m5"))), log.resumeAfter(3),
                "after 3 come 4 and 5, in order");
        assertEquals(Optional.of(List.of(new Entry(3, "m3"), new Entry(4, "m4"), new Entry(5, "m5"))), log.resumeAfter(2),
                "capacity 3 keeps 3 to 5: a client that has 2 can still resume, it missed nothing that was dropped");
        assertEquals(Optional.of(List.of()), log.resumeAfter(5), "a client that has 5 is up to date: an empty replay, not a refusal");
    }

    @Test
    @DisplayName("refuses to resume when messages are gone or the number is unknown")
    void refusesImpossibleResumes() {
        MessageLog log = new MessageLog(3);
        for (int i = 1; i <= 5; i++) {
            log.append("m" + i);
        }
        assertEquals(Optional.empty(), log.resumeAfter(1), "message 2 was dropped (capacity 3): replaying 3 to 5 would hide"
                + " the hole; return Optional.empty() so the client reloads its state instead");
        assertEquals(Optional.empty(), log.resumeAfter(0), "0 means \"from the start\", but 1 and 2 are gone: Optional.empty()");
        assertEquals(Optional.empty(), log.resumeAfter(9), "9 was never given (a client of an earlier server run?): Optional.empty()");
        assertEquals(Optional.empty(), log.resumeAfter(-1), "a negative number is never valid: Optional.empty()");
        MessageLog fresh = new MessageLog(3);
        assertEquals(Optional.of(List.of()), fresh.resumeAfter(0), "a new client (0) on an empty log: nothing to replay");
    }

    @Test
    @DisplayName("a subscriber gets what it missed, then new messages live, until it unsubscribes")
    void subscribes() {
        MessageLog log = new MessageLog(10);
        for (int i = 1; i <= 4; i++) {
            log.append("m" + i);
        }
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        Consumer<Entry> subscriber = entry -> seen.add(entry.seq());
        assertTrue(log.subscribe(2, subscriber), "resuming after 2 is possible: subscribe() returns true");
        assertEquals(List.of(3L, 4L), seen, "subscribe(2, ...) first hands over the missed messages 3 and 4");
        log.append("m5");
        assertEquals(List.of(3L, 4L, 5L), seen, "then each new message as it is appended");
        log.unsubscribe(subscriber);
        log.append("m6");
        assertEquals(List.of(3L, 4L, 5L), seen, "after unsubscribe() nothing more");

        MessageLog small = new MessageLog(2);
        for (int i = 1; i <= 5; i++) {
            small.append("m" + i);
        }
        List<Long> refused = Collections.synchronizedList(new ArrayList<>());
        assertFalse(small.subscribe(1, entry -> refused.add(entry.seq())),
                "resuming after 1 is impossible (2 and 3 are gone): subscribe() returns false");
        small.append("m6");
        assertEquals(List.of(), refused, "a refused subscriber gets nothing, not even later messages");
    }

    @Test
    @DisplayName("never loses or repeats a message when a client subscribes while others are appended")
    void subscribeIsAtomic() throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            MessageLog log = new MessageLog(100_000);
            int total = 20_000;
            Thread writer = new Thread(() -> {
                for (int i = 1; i <= total; i++) {
                    log.append("m" + i);
                }
            });
            writer.start();
            while (log.lastSeq() < 100 && writer.isAlive()) {
                Thread.onSpinWait();
            }
            long from = log.lastSeq() - 50; // this client missed 50 messages
            List<Long> seen = Collections.synchronizedList(new ArrayList<>());
            assertTrue(log.subscribe(from, entry -> {
                seen.add(entry.seq());
                if (seen.size() <= 50) {
                    LockSupport.parkNanos(200_000); // a replay takes time: the writer goes on meanwhile
                }
            }), "resuming after " + from + " is possible");
            writer.join();
            List<Long> expected = LongStream.rangeClosed(from + 1, total).boxed().toList();
            if (!expected.equals(seen)) {
                fail("subscribed after " + from + " while messages were being appended, and got " + describe(seen, expected)
                        + ". Replaying and starting live delivery must be ONE step under the log's lock: otherwise a"
                        + " message appended in between is lost (or sent twice, or out of order)");
            }
        }
    }

    // ---- the client's receiver ----

    @Test
    @DisplayName("the receiver passes each message on once, in order, and drops duplicates")
    void receiverDropsDuplicates() {
        List<String> app = new ArrayList<>();
        ResumingReceiver receiver = new ResumingReceiver(0, app::add);
        assertEquals(Outcome.DELIVERED, receiver.receive(1, "a"), "1 after 0 is the next message: DELIVERED");
        assertEquals(Outcome.DELIVERED, receiver.receive(2, "b"), "2 after 1: DELIVERED");
        assertEquals(Outcome.DUPLICATE, receiver.receive(2, "b"), "2 again: DUPLICATE (a replay overlapping what arrived before)");
        assertEquals(Outcome.DUPLICATE, receiver.receive(1, "a"), "1 again: DUPLICATE");
        assertEquals(List.of("a", "b"), app, "the application sees each message once");
        assertEquals(2, receiver.lastSeq(), "lastSeq() is 2: what to resume after on reconnect");

        List<String> later = new ArrayList<>();
        ResumingReceiver resumed = new ResumingReceiver(41, later::add);
        assertEquals(Outcome.DUPLICATE, resumed.receive(41, "old"), "a receiver created with lastSeq 41 has seen 41");
        assertEquals(Outcome.DELIVERED, resumed.receive(42, "new"), "and expects 42 next");
        assertEquals(List.of("new"), later, "only 42 reaches the application");
    }

    @Test
    @DisplayName("the receiver reports a gap and delivers nothing past it")
    void receiverReportsGaps() {
        List<String> app = new ArrayList<>();
        ResumingReceiver receiver = new ResumingReceiver(0, app::add);
        receiver.receive(1, "a");
        assertEquals(Outcome.GAP, receiver.receive(3, "c"), "3 after 1: message 2 is missing, GAP");
        assertEquals(List.of("a"), app, "3 must not reach the application: it would hide that 2 is missing");
        assertEquals(1, receiver.lastSeq(), "lastSeq() stays 1, so that the client resumes after 1 and gets 2 and 3 again");
        assertEquals(Outcome.DELIVERED, receiver.receive(2, "b"), "after reconnecting, 2 arrives: DELIVERED");
        receiver.reset(10);
        assertEquals(10, receiver.lastSeq(), "reset(10): the application reloaded the state as of 10");
        assertEquals(Outcome.DELIVERED, receiver.receive(11, "k"), "after reset(10), 11 is the next message");
        assertEquals(List.of("a", "b", "k"), app, "what the application saw");
    }

    // ---- both halves over a real WebSocket ----

    @Test
    @DisplayName("resumes over a real WebSocket after a reconnect, with no gap and no duplicate")
    void resumesOverWebSocket() throws Exception {
        MessageLog log = new MessageLog(100);
        Map<String, Consumer<Entry>> subscribers = new ConcurrentHashMap<>();
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            // The server's glue: ?after=N resumes; to be safe it replays one message more than
            // asked (at-least-once), which the client's receiver must drop.
            config.routes.ws("/log", ws -> {
                ws.onConnect(ctx -> {
                    long after = Long.parseLong(ctx.queryParam("after"));
                    Consumer<Entry> send = entry -> ctx.send(entry.seq() + ":" + entry.text());
                    subscribers.put(ctx.sessionId(), send);
                    if (!log.subscribe(Math.max(0, after - 1), send)) {
                        ctx.closeSession(4001, "cannot resume: reload");
                    }
                });
                ws.onClose(ctx -> {
                    Consumer<Entry> send = subscribers.remove(ctx.sessionId());
                    if (send != null) {
                        log.unsubscribe(send);
                    }
                });
            });
        }).start();
        try {
            for (int i = 1; i <= 3; i++) {
                log.append("m" + i);
            }
            List<String> app = Collections.synchronizedList(new ArrayList<>());
            ResumingReceiver receiver = new ResumingReceiver(0, app::add);
            String base = "ws://127.0.0.1:" + server.port() + "/log?after=";

            WebSocket first = connect(base + receiver.lastSeq(), receiver);
            awaitEquals(List.of("m1", "m2", "m3"), () -> app, "the first connection replays m1 to m3");
            log.append("m4");
            awaitEquals(List.of("m1", "m2", "m3", "m4"), () -> app, "m4 arrives live");
            first.abort(); // the network drops

            log.append("m5");
            log.append("m6");
            WebSocket second = connect(base + receiver.lastSeq(), receiver);
            log.append("m7");
            awaitEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7"), () -> app, "after reconnecting with after="
                    + "lastSeq(), m5 and m6 (missed) and m7 (live) arrive; m4, replayed again by the server, is dropped");
            second.abort();
        } finally {
            server.stop();
        }
    }

    // ---- helpers ----

    private static WebSocket connect(String uri, ResumingReceiver receiver) throws Exception {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    int colon = message.indexOf(':');
                    receiver.receive(Long.parseLong(message.substring(0, colon)), message.substring(colon + 1));
                }
                webSocket.request(1);
                return null;
            }
        };
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), listener).get(10, TimeUnit.SECONDS);
    }

    private static void awaitEquals(List<String> expected, Supplier<List<String>> actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (expected.equals(List.copyOf(actual.get()))) {
                return;
            }
            Thread.sleep(20);
        }
        assertEquals(expected, List.copyOf(actual.get()), what);
    }

    private static String describe(List<Long> seen, List<Long> expected) {
        List<Long> copy = List.copyOf(seen);
        Set<Long> distinct = new HashSet<>(copy);
        long duplicates = copy.size() - distinct.size();
        long missing = expected.stream().filter(seq -> !distinct.contains(seq)).count();
        return copy.size() + " messages instead of " + expected.size() + " (" + missing + " missing, " + duplicates
                + " duplicated" + (missing == 0 && duplicates == 0 ? ", out of order" : "") + ")";
    }
}
