package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.TestEventStream;
import org.junit.jupiter.api.Test;

/** /sse/metrics: the app's own figures, a metrics event a second, to every open dashboard. */
class MetricsFeedTest extends AppTest {
    @Test
    void aDashboardGetsTheAppsFiguresEverySecond() {
        try (TestEventStream stream = TestEventStream.open(app, "/sse/metrics", null).requireOpen()) {
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            JsonNode first = stream.await(e -> "metrics".equals(e.event())).json();
            JsonNode second = stream.await(e -> "metrics".equals(e.event())).json();
            assertTrue(first.get("heapUsedBytes").asLong() > 0 && first.get("threads").asInt() > 0, first.toString());
            assertEquals(1, second.get("dashboards").asInt(), "this stream is the one dashboard open: " + second);
            assertTrue(second.get("at").asLong() > first.get("at").asLong(), "a new reading each time");
        }
    }
}
