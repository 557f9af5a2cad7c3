package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.live.hub.WebSocketOutbox;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket send queue against a stand-in for Jetty's session that we complete by hand. */
class HubWebSocketOutboxTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Records sends; completes them at once when {@code instant}, else when the test says so. */
    static final class FakeSession {
        final boolean instant;
        final List<String> sent = new ArrayList<>();
        final List<Callback> pending = new ArrayList<>();
        int maxInFlight;
        int closeCode;
        String closeReason;
        boolean open = true;
        boolean disconnected;

        FakeSession(boolean instant) {
            this.instant = instant;
        }

        Session proxy() {
            return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (self, method, args) -> {
                        switch (method.getName()) {
                            case "sendText" -> {
                                sent.add((String) args[0]);
                                Callback callback = (Callback) args[1];
                                if (instant) {
                                    callback.succeed();
                                } else {
                                    pending.add(callback);
                                    maxInFlight = Math.max(maxInFlight, pending.size());
                                }
                                return null;
                            }
                            case "close" -> {
                                closeCode = (int) args[0];
                                closeReason = (String) args[1];
                                return null;
                            }
                            case "isOpen" -> {
                                return open;
                            }
                            case "disconnect" -> {
                                disconnected = true;
                                open = false;
                                return null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                    });
        }

        void completeOne() {
            pending.remove(0).succeed();
        }
    }

    @Test
    void onlyOneMessageIsInFlightAndTheRestFollowInOrder() {
        FakeSession session = new FakeSession(false);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 10, timer);
        for (int i = 1; i <= 5; i++) {
            assertTrue(outbox.offer("m" + i));
        }
        assertEquals(List.of("m1"), session.sent);
        assertEquals(5, outbox.backlog());
        while (!session.pending.isEmpty()) {
            session.completeOne();
        }
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), session.sent);
        assertEquals(1, session.maxInFlight);
        assertEquals(0, outbox.backlog());
    }

    @Test
    void sendsThatCompleteAtOnceDoNotGrowTheStack() {
        FakeSession session = new FakeSession(true);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 100_000, timer);
        for (int i = 0; i < 100_000; i++) {
            outbox.offer("m" + i);
        }
        assertEquals(100_000, session.sent.size());
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1008AndCutAfterAGracePeriod() throws Exception {
        FakeSession session = new FakeSession(false);
        WebSocketOutbox outbox = new WebSocketOutbox(session.proxy(), 3, timer);
        assertTrue(outbox.offer("m1")); // in flight, never completes
        assertTrue(outbox.offer("m2"));
        assertTrue(outbox.offer("m3"));
        assertTrue(outbox.offer("m4"));
        assertFalse(outbox.offer("m5"), "the queue is full");

        assertEquals(1008, session.closeCode);
        assertEquals("too slow: 3 messages behind", session.closeReason);
        assertFalse(outbox.isOpen());
        assertFalse(outbox.offer("m6"));
        long deadline = System.currentTimeMillis() + 10_000;
        while (!session.disconnected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(session.disconnected, "a client that never reads the close frame is cut off");
    }
}
