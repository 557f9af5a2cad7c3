package dev.realtimelab.live.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.testkit.TestClock;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket send queue against a stand-in for Jetty's core session that we complete by hand. */
class WebSocketOutboxTest {
    private final TestClock clock = new TestClock();
    private final Ticker timer = new Ticker(clock);

    @AfterEach
    void stopTimer() {
        timer.close();
    }

    /** Records frames; completes each write at once when {@code instant}, else when the test says so. */
    static final class FakeSession {
        final boolean instant;
        boolean throwOnSend;
        final List<String> sent = new ArrayList<>();
        /** One entry per write: how many frames it carried. */
        final List<Integer> writes = new ArrayList<>();
        final List<Callback> pending = new ArrayList<>();
        int framesHeldBack;
        int maxInFlight;
        int closeCode;
        String closeReason;
        boolean open = true;
        volatile boolean aborted;

        FakeSession(boolean instant) {
            this.instant = instant;
        }

        CoreSession proxy() {
            return (CoreSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CoreSession.class},
                    (self, method, args) -> {
                        switch (method.getName()) {
                            case "sendFrame" -> {
                                if (throwOnSend) {
                                    throw new IllegalStateException("something Jetty did not expect");
                                }
                                Callback callback;
                                synchronized (this) {
                                    sent.add(((Frame) args[0]).getPayloadAsUTF8());
                                    callback = (Callback) args[1];
                                    if ((boolean) args[2]) { // batched: waits for the frame that writes
                                        framesHeldBack++;
                                        callback.succeeded();
                                        return null;
                                    }
                                    writes.add(framesHeldBack + 1);
                                    framesHeldBack = 0;
                                    if (!instant) {
                                        pending.add(callback);
                                        maxInFlight = Math.max(maxInFlight, pending.size());
                                    }
                                }
                                if (instant) {
                                    callback.succeeded();
                                }
                                return null;
                            }
                            case "close" -> {
                                closeCode = (int) args[0];
                                closeReason = (String) args[1];
                                return null;
                            }
                            case "isOutputOpen" -> {
                                return open;
                            }
                            case "abort" -> {
                                aborted = true;
                                open = false;
                                return null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        synchronized List<String> sent() {
            return List.copyOf(sent);
        }

        void completeWrite() {
            Callback callback;
            synchronized (this) {
                callback = pending.remove(0);
            }
            callback.succeeded();
        }
    }

    /** Writer threads send the queue: wait for what they do, or fail after ten seconds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void whatQueuesBehindAWriteLeavesAsOneBatchInOneWrite() throws Exception {
        FakeSession session = new FakeSession(false);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 10, timer);
        assertTrue(outbox.offer("m1"));
        await("m1 to be written", () -> session.sent().equals(List.of("m1")));
        for (int i = 2; i <= 5; i++) {
            assertTrue(outbox.offer("m" + i));
        }
        Thread.sleep(100);
        assertEquals(List.of("m1"), session.sent(), "nothing more is written while a write is in flight");
        assertEquals(5, outbox.backlog());

        session.completeWrite();
        await("m2 to m5 to be written", () -> session.sent().size() == 5);
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), session.sent());
        assertEquals(List.of(1, 4), session.writes, "the four that waited went out in one write");
        session.completeWrite();
        assertEquals(1, session.maxInFlight);
        assertEquals(0, outbox.backlog());
    }

    @Test
    void writesThatCompleteAtOnceDeliverEverythingInOrder() throws Exception {
        FakeSession session = new FakeSession(true);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 100_000, timer);
        List<String> offered = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            offered.add("m" + i);
            outbox.offer("m" + i);
        }
        await("all 100,000 to be written", () -> session.sent().size() == 100_000);
        assertEquals(offered, session.sent());
        assertTrue(session.writes.stream().allMatch(frames -> frames <= 64), "a write carries at most 64 messages");
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1013AndCutAfterAGracePeriod() throws Exception {
        FakeSession session = new FakeSession(false);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 3, timer);
        assertTrue(outbox.offer("m1")); // written, never completes
        await("m1 to be written", () -> session.sent().equals(List.of("m1")));
        assertTrue(outbox.offer("m2"));
        assertTrue(outbox.offer("m3"));
        assertTrue(outbox.offer("m4"));
        assertFalse(outbox.offer("m5"), "the queue is full");

        assertEquals(1013, session.closeCode, "try again later: it may reconnect and resume");
        assertEquals("too slow: 3 messages behind", session.closeReason);
        assertFalse(outbox.isOpen());
        assertTrue(outbox.wasCutOff());
        assertFalse(outbox.offer("m6"));
        timer.runDue();
        assertFalse(session.aborted, "the client has a grace period to read the close frame");
        clock.advance(WebSocketOutbox.CUT_AFTER);
        timer.runDue();
        assertTrue(session.aborted, "cut once the grace period is over");
    }

    @Test
    void aSendThatThrowsClosesTheOutboxAndCutsTheConnection() throws Exception {
        FakeSession session = new FakeSession(true);
        session.throwOnSend = true;
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 10, timer);
        assertTrue(outbox.offer("m1"));
        await("the connection to be cut", () -> session.aborted);
        assertFalse(outbox.isOpen());
        assertFalse(outbox.offer("m2"));
    }
}
