package dev.realtimelab.live.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class FlusherTest {
    /** Drains that each take a quarter of the budget, recording which thread ran them. */
    private static final long DRAIN_NANOS = Flusher.INLINE_BUDGET_NANOS / 4;

    @Test
    void aPublisherWritesItselfUntilItHasWrittenForTheBudgetWithoutAPause() throws Exception {
        int members = 12;
        AtomicReferenceArray<String> ranOn = new AtomicReferenceArray<>(members);
        CountDownLatch drained = new CountDownLatch(members);
        Thread.sleep(5); // a pause: the next write starts a new stretch

        for (int i = 0; i < members; i++) {
            int member = i;
            new Flusher(() -> {
                ranOn.set(member, Thread.currentThread().getName());
                busyFor(DRAIN_NANOS);
                drained.countDown();
            }).drainNow();
        }

        assertTrue(drained.await(10, TimeUnit.SECONDS), "every drain ran");
        String publisher = Thread.currentThread().getName();
        assertEquals(publisher, ranOn.get(0), "the first members are written by the publisher");
        // A loaded machine may pause the publisher for over a millisecond, which starts a new
        // stretch: so some later drain, not necessarily the last, goes to a writer.
        boolean handedOver = false;
        for (int i = 1; i < members; i++) {
            handedOver |= ranOn.get(i).startsWith("writer-");
        }
        assertTrue(handedOver,
                "after " + (members - 1) * DRAIN_NANOS / 1_000_000 + " ms of writing the writers take over: " + ranOn);

        Thread.sleep(5); // the writers caught up and the publisher paused
        String[] after = new String[1];
        new Flusher(() -> after[0] = Thread.currentThread().getName()).drainNow();
        assertEquals(publisher, after[0], "after a pause the publisher writes again");
    }

    @Test
    void aWriteThatCompletesInsideADrainDoesNotStartAnotherOneInsideIt() throws Exception {
        CountDownLatch inner = new CountDownLatch(1);
        String[] innerRanOn = new String[1];
        Flusher second = new Flusher(() -> {
            innerRanOn[0] = Thread.currentThread().getName();
            inner.countDown();
        });
        Thread.sleep(5);
        new Flusher(second::drainNow).drainNow();

        assertTrue(inner.await(10, TimeUnit.SECONDS));
        assertTrue(innerRanOn[0].startsWith("writer-"), "ran on " + innerRanOn[0]);
    }

    private static void busyFor(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
