package dev.realtimelab.exercises.slowconsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grades the slow-consumer exercise. It asserts what is delivered, not how fast: the publisher
 * sends in small batches and waits for the fast subscribers, so only a subscriber that is
 * really stuck can overflow its queue.
 */
@Tag("exercise")
@Tag("slow-consumer")
@DisplayName("slow-consumer: bounded queues, drop the slow one")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FanOutTest {
    private static final Duration PUBLISH_LIMIT = Duration.ofSeconds(3);
    private final List<Recorder> recorders = new ArrayList<>();
    private FanOut fanOut;

    @AfterEach
    void cleanUp() {
        recorders.forEach(Recorder::release);
        if (fanOut != null) {
            try {
                fanOut.close();
            } catch (RuntimeException ignored) {
                // the starter throws; nothing to clean up then
            }
        }
    }

    @Test
    @DisplayName("delivers every message to every subscriber, in order")
    void deliversEverything() throws InterruptedException {
        fanOut = new FanOut(16);
        List<Recorder> all = List.of(fast("a"), fast("b"), fast("c"));
        all.forEach(r -> fanOut.subscribe(r.name, r));
        publishInBatches(100, 8, all);
        for (Recorder r : all) {
            assertEquals(numbers(1, 100), r.messages(), r.name + " must get messages 1 to 100, once each, in order");
        }
        assertEquals(Set.of("a", "b", "c"), fanOut.subscribers(), "nobody was too slow: all three stay");
    }

    @Test
    @DisplayName("runs each handler on its subscriber's own thread, never on the publisher's")
    void handlersRunElsewhere() throws InterruptedException {
        fanOut = new FanOut(16);
        Recorder a = fast("a");
        fanOut.subscribe("a", a);
        fanOut.publish("1");
        a.await(1, "message 1 was not delivered within 5 s: each subscriber needs something that takes from its queue"
                + " and calls onMessage (a thread of its own)");
        assertNotSame(Thread.currentThread(), a.threads.get(0), "onMessage ran on the publisher's thread: then one slow"
                + " subscriber delays the publisher and everyone after it");
    }

    @Test
    @DisplayName("publish() returns at once even when a subscriber is stuck")
    void publishNeverBlocks() {
        fanOut = new FanOut(4);
        Recorder stuck = stuck("stuck");
        fanOut.subscribe("stuck", stuck);
        assertTimeoutPreemptively(PUBLISH_LIMIT, () -> {
            for (int i = 1; i <= 50; i++) {
                fanOut.publish(String.valueOf(i));
            }
        }, "publish() blocked behind a subscriber that never finishes onMessage: it must only OFFER to each queue (offer(),"
                + " not put()) and never call onMessage itself");
    }

    @Test
    @DisplayName("drops a subscriber whose queue overflows, once, with a reason")
    void dropsTheStuckOne() throws InterruptedException {
        fanOut = new FanOut(4);
        Recorder stuck = stuck("stuck");
        fanOut.subscribe("stuck", stuck);
        assertTimeoutPreemptively(PUBLISH_LIMIT, () -> {
            for (int i = 1; i <= 10; i++) {
                fanOut.publish(String.valueOf(i));
            }
        }, "publish() blocked behind a stuck subscriber");
        assertFalse(fanOut.subscribers().contains("stuck"), "10 messages for a subscriber stuck on the first one, with a"
                + " queue of 4: its queue overflowed, so it must be dropped (removed from subscribers())");
        stuck.awaitDropped("the stuck subscriber was removed, but onDropped(reason) was not called within 5 s");
        assertEquals(1, stuck.dropReasons.size(), "onDropped must be called exactly once, got " + stuck.dropReasons);
        assertFalse(stuck.dropReasons.get(0).isBlank(), "give a reason, e.g. \"too slow: 4 messages waiting\"");
        stuck.release();
        Thread.sleep(200);
        assertTrue(stuck.messages().size() <= 1, "a dropped subscriber gets nothing from its queue after the message it was"
                + " stuck on, got " + stuck.messages());
    }

    @Test
    @DisplayName("a fast subscriber gets everything while a stuck one is dropped")
    void fastOneUnaffected() throws InterruptedException {
        fanOut = new FanOut(8);
        Recorder fast = fast("fast");
        Recorder stuck = stuck("stuck");
        fanOut.subscribe("fast", fast);
        fanOut.subscribe("stuck", stuck);
        Recorder fastToo = fast("fast-too");
        fanOut.subscribe("fast-too", fastToo);
        publishInBatches(200, 4, List.of(fast, fastToo));
        assertEquals(numbers(1, 200), fast.messages(), "the fast subscriber must get all 200 messages in order, stuck"
                + " neighbour or not");
        assertEquals(numbers(1, 200), fastToo.messages(), "so must the one subscribed after the stuck one");
        assertEquals(Set.of("fast", "fast-too"), fanOut.subscribers(), "only the stuck one is dropped");
    }

    @Test
    @DisplayName("keeps a slow subscriber whose queue is full but not over, and delivers it all later")
    void keepsSlowButWithinBounds() throws InterruptedException {
        fanOut = new FanOut(8);
        Recorder slow = stuck("slow");
        fanOut.subscribe("slow", slow);
        assertTimeoutPreemptively(PUBLISH_LIMIT, () -> fanOut.publish("1"),
                "publish() waited for a subscriber's onMessage: it must only queue the message");
        slow.awaitEntered();
        assertTimeoutPreemptively(PUBLISH_LIMIT, () -> {
            for (int i = 2; i <= 9; i++) {
                fanOut.publish(String.valueOf(i)); // 8 messages wait while message 1 is being handled
            }
        }, "publish() blocked behind a slow subscriber");
        assertTrue(fanOut.subscribers().contains("slow"), "message 1 is being handled and 8 messages wait, with a queue"
                + " of 8: the queue is full but has not overflowed, so the subscriber stays (the message being handled"
                + " does not count)");
        slow.release();
        slow.await(9, "after the slow subscriber got going again, messages 2 to 9 did not all arrive within 5 s");
        assertEquals(numbers(1, 9), slow.messages(), "it gets every message, in order");
    }

    @Test
    @DisplayName("drops a subscriber whose handler throws, and keeps delivering to the others")
    void dropsAFailingSubscriber() throws InterruptedException {
        fanOut = new FanOut(16);
        Recorder failing = new Recorder("failing", false, true);
        recorders.add(failing);
        Recorder fine = fast("fine");
        fanOut.subscribe("failing", failing);
        fanOut.subscribe("fine", fine);
        fanOut.publish("1");
        failing.awaitDropped("onMessage threw, but onDropped(reason) was not called within 5 s: a subscriber whose handler"
                + " fails must be dropped, with a reason");
        assertTrue(failing.dropReasons.get(0).contains("boom"), "the reason should name the failure (the exception"
                + " said \"boom\"), got: " + failing.dropReasons.get(0));
        fanOut.publish("2");
        fine.await(2, "the other subscriber stopped getting messages after one failed");
        assertEquals(Set.of("fine"), fanOut.subscribers(), "the failing subscriber is removed");
    }

    @Test
    @DisplayName("stops delivering after unsubscribe() and refuses publish() after close()")
    void unsubscribeAndClose() throws InterruptedException {
        fanOut = new FanOut(16);
        Recorder leaving = fast("leaving");
        Recorder staying = fast("staying");
        fanOut.subscribe("leaving", leaving);
        fanOut.subscribe("staying", staying);
        fanOut.publish("1");
        leaving.await(1, "message 1 did not arrive");
        fanOut.unsubscribe("leaving");
        fanOut.publish("2");
        staying.await(2, "message 2 did not arrive");
        Thread.sleep(100);
        assertEquals(List.of("1"), leaving.messages(), "after unsubscribe() nothing more is delivered");
        assertEquals(0, leaving.dropReasons.size(), "leaving on purpose is not being dropped: no onDropped");
        fanOut.close();
        assertThrows(IllegalStateException.class, () -> fanOut.publish("3"), "publish() after close() must throw IllegalStateException");
    }

    @Test
    @DisplayName("delivers every message once when several threads publish at once")
    void concurrentPublishers() throws InterruptedException {
        fanOut = new FanOut(2000);
        Recorder a = fast("a");
        Recorder b = fast("b");
        fanOut.subscribe("a", a);
        fanOut.subscribe("b", b);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            String prefix = "p" + p + "-";
            Thread thread = new Thread(() -> IntStream.rangeClosed(1, 250).forEach(i -> fanOut.publish(prefix + i)));
            publishers.add(thread);
            thread.start();
        }
        for (Thread thread : publishers) {
            thread.join();
        }
        for (Recorder r : List.of(a, b)) {
            r.await(1000, r.name + " did not get all 1000 messages from 4 publishing threads");
            List<String> got = r.messages();
            assertEquals(1000, got.stream().distinct().count(), r.name + " got a message twice");
            for (int p = 0; p < 4; p++) {
                String prefix = "p" + p + "-";
                List<String> own = got.stream().filter(m -> m.startsWith(prefix)).toList();
                assertEquals(IntStream.rangeClosed(1, 250).mapToObj(i -> prefix + i).toList(), own,
                        r.name + ": the messages of one publisher arrive in the order it published them");
            }
        }
    }

    // ---- helpers ----

    /** Publishes 1..total in batches, and waits after each batch until the given subscribers have it all. */
    private void publishInBatches(int total, int batch, List<Recorder> waitFor) throws InterruptedException {
        for (int start = 1; start <= total; start += batch) {
            int end = Math.min(total, start + batch - 1);
            int from = start;
            assertTimeoutPreemptively(PUBLISH_LIMIT, () -> {
                for (int i = from; i <= end; i++) {
                    fanOut.publish(String.valueOf(i));
                }
            }, "publish() blocked: it must never wait for a subscriber");
            for (Recorder r : waitFor) {
                r.await(end, r.name + " had only " + r.messages().size() + " of " + end + " messages after 5 s: a subscriber"
                        + " that keeps up must get every message");
            }
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }

    private Recorder fast(String name) {
        Recorder r = new Recorder(name, false, false);
        recorders.add(r);
        return r;
    }

    /** A subscriber whose first onMessage does not return until the test releases it. */
    private Recorder stuck(String name) {
        Recorder r = new Recorder(name, true, false);
        recorders.add(r);
        return r;
    }

    /** A subscriber that records what it got, on which thread, and why it was dropped. */
    private static final class Recorder implements FanOut.Subscriber {
        final String name;
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        final List<String> dropReasons = Collections.synchronizedList(new ArrayList<>());
        private final boolean stuck;
        private final boolean failing;
        private final CountDownLatch gate = new CountDownLatch(1);
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch dropped = new CountDownLatch(1);

        Recorder(String name, boolean stuck, boolean failing) {
            this.name = name;
            this.stuck = stuck;
            this.failing = failing;
        }

        @Override
        public void onMessage(String message) throws Exception {
            threads.add(Thread.currentThread());
            if (failing) {
                throw new IllegalStateException("boom");
            }
            entered.countDown();
            if (stuck) {
                gate.await(); // a client that stopped reading: its send never completes
            }
            received.add(message);
        }

        @Override
        public void onDropped(String reason) {
            dropReasons.add(reason);
            dropped.countDown();
        }

        void release() {
            gate.countDown();
        }

        List<String> messages() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        void await(int count, String failure) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.size() < count) {
                if (System.nanoTime() > deadline) {
                    fail(failure);
                }
                Thread.sleep(2);
            }
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(5, TimeUnit.SECONDS)) {
                fail(name + " was never called: onMessage must run on a delivery thread of its own");
            }
        }

        void awaitDropped(String failure) throws InterruptedException {
            if (!dropped.await(5, TimeUnit.SECONDS)) {
                fail(failure);
            }
        }
    }
}
