package dev.realtimelab.exercises.wsheartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades the ws-heartbeat exercise with a fake clock and fake connections. */
@Tag("exercise")
@Tag("ws-heartbeat")
@DisplayName("ws-heartbeat: find and drop dead peers")
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeartbeatMonitorTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final HeartbeatMonitor monitor = new HeartbeatMonitor(INTERVAL, 2, clock::get);

    @Test
    @DisplayName("pings each connection once per interval, and never before")
    void pingsOncePerInterval() {
        FakeConnection peer = new FakeConnection("peer");
        monitor.add(peer);
        at(0);
        at(5_000);
        at(9_999);
        assertEquals(0, peer.pings.size(), "the first ping is due one interval (10 s) after add(), not before");
        at(10_000);
        assertEquals(1, peer.pings.size(), "10 s after add(): exactly one ping");
        byte[] payload = peer.pings.get(0);
        assertNotNull(payload, "a ping needs a payload array (it may be empty)");
        assertTrue(payload.length <= 125, "a ping is a control frame: its payload is at most 125 bytes, got " + payload.length);
        monitor.pongReceived(peer);
        at(15_000);
        assertEquals(1, peer.pings.size(), "5 s after the last ping: no new ping yet");
        at(20_000);
        assertEquals(2, peer.pings.size(), "10 s after the last ping: the next one");
        monitor.pongReceived(peer);
        at(55_000);
        assertEquals(3, peer.pings.size(), "a tick 35 s late (a laptop waking up) sends ONE ping, not a burst to catch up");
    }

    @Test
    @DisplayName("keeps a connection that answers every ping")
    void keepsLivePeers() {
        FakeConnection peer = new FakeConnection("peer");
        monitor.add(peer);
        for (int second = 1; second <= 1000; second++) {
            at(second * 1000L);
            if (peer.pings.size() > 0) {
                monitor.pongReceived(peer); // a live peer answers at once
            }
        }
        assertEquals(100, peer.pings.size(), "1000 s at one ping per 10 s: 100 pings");
        assertEquals(0, peer.terminations, "a peer that answers every ping must never be dropped");
        assertEquals(List.of(), peer.closes, "a peer that answers every ping must never be closed");
        assertEquals(1, monitor.size(), "it is still watched");
    }

    @Test
    @DisplayName("drops a peer after maxMissed unanswered pings: terminate, no close frame, never 1006")
    void dropsDeadPeers() {
        FakeConnection dead = new FakeConnection("dead");
        monitor.add(dead);
        at(10_000);
        at(20_000);
        assertEquals(2, dead.pings.size(), "pings at 10 s and 20 s");
        at(29_999);
        assertEquals(0, dead.terminations, "the second ping has until 30 s to be answered: do not drop the peer before");
        at(30_000);
        assertEquals(1, dead.terminations, "maxMissed = 2 and neither ping was answered within its interval: at 30 s call"
                + " terminate(). Count pings sent since the last pong; when a ping is due and that count has reached"
                + " maxMissed, the peer is dead");
        assertEquals(List.of(), dead.closes, dead.closes.contains(1006)
                ? "1006 must never be sent in a close frame (RFC 6455 section 7.4.1): it only reports a connection that"
                        + " ended without one. Use terminate()"
                : "do not start a closing handshake with a dead peer: it will never answer, and the close frame may sit"
                        + " in a full send buffer. terminate() drops the connection (the server then sees 1006)");
        assertEquals(0, monitor.size(), "a dropped peer is no longer watched");
        at(40_000);
        at(50_000);
        assertEquals(2, dead.pings.size(), "no pings to a peer that was dropped");
        assertEquals(1, dead.terminations, "terminate() exactly once");
    }

    @Test
    @DisplayName("a pong, even a late one, resets the count of unanswered pings")
    void pongResetsTheCount() {
        FakeConnection slow = new FakeConnection("slow");
        monitor.add(slow);
        at(10_000);
        at(20_000);
        clock.set(base() + 25_000);
        monitor.pongReceived(slow); // answers at 25 s: late for the first ping, but alive
        at(30_000);
        assertEquals(0, slow.terminations, "a pong arrived at 25 s: the peer is alive, do not drop it at 30 s");
        assertEquals(3, slow.pings.size(), "instead, ping it again at 30 s");
        at(40_000);
        at(50_000);
        assertEquals(1, slow.terminations, "no pong after the pings of 30 s and 40 s: dropped at 50 s");
    }

    @Test
    @DisplayName("keeps each connection on its own schedule")
    void ownSchedules() {
        FakeConnection early = new FakeConnection("early");
        FakeConnection late = new FakeConnection("late");
        monitor.add(early);
        clock.set(base() + 5_000);
        monitor.add(late);
        at(10_000);
        assertEquals(1, early.pings.size(), "early was added at 0 s: pinged at 10 s");
        assertEquals(0, late.pings.size(), "late was added at 5 s: not due before 15 s");
        at(15_000);
        assertEquals(1, late.pings.size(), "late is pinged at 15 s");
        assertEquals(1, early.pings.size(), "early is not pinged again at 15 s");
    }

    @Test
    @DisplayName("stops pinging removed connections, and drops one whose ping fails without stopping the others")
    void removedAndBrokenConnections() {
        FakeConnection gone = new FakeConnection("gone");
        FakeConnection broken = new FakeConnection("broken");
        FakeConnection fine = new FakeConnection("fine");
        broken.failPings = true;
        monitor.add(gone);
        monitor.add(broken);
        monitor.add(fine);
        monitor.remove(gone);
        at(10_000);
        assertEquals(0, gone.pings.size(), "a removed connection (it closed) must not be pinged");
        assertEquals(1, fine.pings.size(), "a ping that throws must not stop the tick: the next connection still gets its ping");
        assertEquals(1, broken.terminations, "a connection whose ping cannot even be sent is gone: terminate() it");
        assertEquals(1, monitor.size(), "only fine is still watched");
    }

    @Test
    @DisplayName("closes every connection with 1001 when the server shuts down")
    void shutdownSaysGoingAway() {
        FakeConnection one = new FakeConnection("one");
        FakeConnection two = new FakeConnection("two");
        monitor.add(one);
        monitor.add(two);
        monitor.shutdown();
        for (FakeConnection peer : List.of(one, two)) {
            assertEquals(List.of(1001), peer.closes, peer.name + ": a server going down closes live peers politely with"
                    + " 1001 (going away), so they can reconnect elsewhere");
            assertFalse(peer.reasons.get(0).isBlank(), "give a reason with the close code, e.g. \"server shutting down\"");
            assertEquals(0, peer.terminations, peer.name + ": these peers are alive, so do not just drop them");
        }
        assertEquals(0, monitor.size(), "after shutdown nothing is watched");
    }

    @Test
    @DisplayName("is safe when connections come and go while it ticks")
    void threadSafe() throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread churn = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    FakeConnection peer = new FakeConnection("peer-" + i);
                    monitor.add(peer);
                    monitor.pongReceived(peer);
                    if (i % 2 == 0) {
                        monitor.remove(peer);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        churn.start();
        long t = 0;
        while (churn.isAlive()) {
            t += 10_000;
            try {
                at(t); // I/O threads add and remove while the scheduler ticks
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
        churn.join();
        assertEquals(null, failure.get(), "tick() runs on a scheduler thread while I/O threads call add, remove and"
                + " pongReceived: guard the connections (synchronized methods, or a concurrent map)");
    }

    // ---- helpers ----

    private long base() {
        return 1_000_000;
    }

    /** Sets the fake clock to {@code millis} after the start, then ticks. */
    private void at(long millis) {
        clock.set(base() + millis);
        monitor.tick();
    }

    /** A connection that records what the monitor did to it. */
    private static final class FakeConnection implements HeartbeatMonitor.Connection {
        final String name;
        final List<byte[]> pings = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> closes = Collections.synchronizedList(new ArrayList<>());
        final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
        volatile int terminations;
        volatile boolean failPings;

        FakeConnection(String name) {
            this.name = name;
        }

        @Override
        public void ping(byte[] payload) {
            if (failPings) {
                throw new IllegalStateException("the socket is closed");
            }
            pings.add(payload);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
            reasons.add(reason == null ? "" : reason);
        }

        @Override
        public void terminate() {
            terminations++;
        }
    }
}
