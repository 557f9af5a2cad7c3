package dev.realtimelab.live.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One turn per item per period, spread across the period, on the ticker's clock. */
class StaggeredTest {
    private static final Duration PERIOD = Duration.ofSeconds(15);
    private static final Duration STEP = PERIOD.dividedBy(30);

    @Test
    void everyItemHasOneTurnAPeriodAndTheTurnsAreSpreadOut() {
        TestClock clock = new TestClock(); // real time moves it too, a little
        try (Ticker ticker = new Ticker(clock)) {
            Map<Integer, List<Long>> turns = new ConcurrentHashMap<>();
            AtomicInteger thisStep = new AtomicInteger();
            try (Staggered<Integer> staggered = new Staggered<>(ticker, PERIOD, item -> {
                turns.computeIfAbsent(item, i -> new ArrayList<>()).add(ticker.millis());
                thisStep.incrementAndGet();
            })) {
                for (int i = 0; i < 1000; i++) {
                    staggered.add(i);
                }
                List<Integer> perStep = new ArrayList<>();
                for (int step = 0; step < 3 * 30; step++) { // three periods
                    clock.advance(STEP);
                    ticker.runDue();
                    perStep.add(thisStep.getAndSet(0));
                }
                assertEquals(1000, turns.size());
                turns.forEach((item, at) -> {
                    assertTrue(at.size() >= 2 && at.size() <= 4, "turns of item " + item + ": " + at);
                    for (int i = 1; i < at.size(); i++) {
                        long gap = at.get(i) - at.get(i - 1);
                        assertTrue(Math.abs(gap - PERIOD.toMillis()) <= STEP.toMillis(), "one period apart: " + at);
                    }
                });
                int most = perStep.stream().mapToInt(Integer::intValue).max().orElseThrow();
                assertTrue(most < 100, "at most about a thirtieth of the items at a time, not all at once: " + perStep);

                int before = turns.get(7).size();
                staggered.remove(7);
                clock.advance(PERIOD);
                ticker.runDue();
                assertEquals(before, turns.get(7).size(), "a removed item has no more turns");
            }
        }
    }

    @Test
    void afterAJumpOfTheClockEachDueItemHasOneTurn() {
        TestClock clock = new TestClock();
        try (Ticker ticker = new Ticker(clock)) {
            AtomicInteger turns = new AtomicInteger();
            try (Staggered<String> staggered = new Staggered<>(ticker, PERIOD, item -> turns.incrementAndGet())) {
                staggered.add("a");
                staggered.add("b");
                clock.advance(PERIOD.multipliedBy(20)); // a laptop asleep for five minutes
                ticker.runDue();
                assertEquals(2, turns.get(), "one turn each, not twenty");
                clock.advance(PERIOD);
                ticker.runDue();
                assertEquals(4, turns.get(), "and then one a period again");
            }
        }
    }
}
