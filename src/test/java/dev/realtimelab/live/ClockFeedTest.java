package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.AppTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** {@code GET /sse/clock} and {@code GET /sse/parsing-sample} on the real app. */
class ClockFeedTest extends AppTest {
    @Test
    void ticksEverySecondWithIdsAndStatsOnEveryFifthTick() {
        try (TestEventStream clock = TestEventStream.open(app.http(), app.uri("/sse/clock"))) {
            assertEquals(200, clock.status());
            assertTrue(clock.contentType().startsWith("text/event-stream"), clock.contentType());
            assertTrue(clock.nextBlock().lines().get(0).startsWith(": clock"), "a comment comes first");
            assertEquals(List.of("retry: 3000"), clock.nextBlock().lines());

            List<TestEventStream.Block> events = new ArrayList<>();
            while (events.stream().noneMatch(e -> "stats".equals(e.event()))) {
                events.add(clock.nextEvent());
            }
            for (int i = 0; i < events.size(); i++) {
                TestEventStream.Block event = events.get(i);
                assertEquals(Integer.toString(i + 1), event.id(), "every event has the next id: " + event.lines());
            }
            List<TestEventStream.Block> ticks = events.subList(0, events.size() - 1);
            assertEquals(ClockFeed.STATS_EVERY, ticks.size());
            for (TestEventStream.Block tick : ticks) {
                assertEquals("tick", tick.event());
                assertTrue(tick.data().matches("\\d\\d:\\d\\d:\\d\\d"), tick.data());
            }
            TestEventStream.Block stats = events.get(events.size() - 1);
            List<String> dataLines = stats.lines().stream().filter(l -> l.startsWith("data: ")).toList();
            assertEquals(2, dataLines.size(), "the stats data spans two lines: " + stats.lines());
            assertEquals("ticks so far: 5", dataLines.get(0).substring(6));
            assertTrue(dataLines.get(1).startsWith("data: clock streams open on the server: "), dataLines.get(1));

            TestEventStream.Block next = clock.nextEvent();
            assertEquals("tick", next.event());
            assertEquals(Integer.toString(events.size() + 1), next.id());
        }
    }

    @Test
    void theParsingSampleIsServedByteForByte() {
        HttpResponse<byte[]> response;
        try {
            response = app.http().send(HttpRequest.newBuilder(app.uri("/sse/parsing-sample")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        byte[] body = response.body();
        assertNotNull(body);
        assertEquals(ParsingSample.SAMPLE, new String(body, StandardCharsets.UTF_8));
        assertEquals((byte) 0xEF, body[0], "the sample starts with the UTF-8 byte order mark");
        assertTrue(ParsingSample.SAMPLE.contains("\r\n") && ParsingSample.SAMPLE.contains("sample\rdata"),
                "CRLF and a lone CR are both in the sample");
    }
}
