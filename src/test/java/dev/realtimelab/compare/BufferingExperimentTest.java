package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.live.hub.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lesson 08's buffering proxy: the same events, published one every 100 ms, arrive in a few
 * bursts through a relay that buffers, and one by one through the relay that honours the app's
 * X-Accel-Buffering: no. Counted in bursts (arrivals less than 30 ms after the one before), not
 * in timings: a burst is the buffer's size in bytes, whatever the machine's speed.
 */
class BufferingExperimentTest extends AppTest {
    static final double SAME_BURST_MILLIS = 30;

    static HttpResponse<String> post(String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/labs/compare/buffering"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return app.send(request.build());
    }

    /** How many bursts the arrivals form: a new one starts after a gap of 30 ms or more. */
    static int bursts(List<Double> arrivals) {
        int bursts = 0;
        double previous = Double.NEGATIVE_INFINITY;
        for (double at : arrivals.stream().sorted().toList()) {
            if (at - previous >= SAME_BURST_MILLIS) {
                bursts++;
            }
            previous = at;
        }
        return bursts;
    }

    @Test
    void aBufferingProxyDeliversInBurstsAndTheFixOneByOne() throws Exception {
        HttpResponse<String> response = post(app.url(""));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Json.mapper().readTree(response.body());
        JsonNode events = result.get("events");
        assertEquals(22, events.size(), result.toString());
        List<Double> buffered = new ArrayList<>();
        List<Double> oneByOne = new ArrayList<>();
        for (JsonNode event : events) {
            assertFalse(event.get("buffered").isNull(), "every event gets through the buffer in the end: " + event);
            assertFalse(event.get("oneByOne").isNull(), event.toString());
            buffered.add(event.get("buffered").asDouble());
            oneByOne.add(event.get("oneByOne").asDouble());
        }
        System.out.println("bursts: buffering " + bursts(buffered) + ", honouring X-Accel-Buffering " + bursts(oneByOne));
        assertTrue(bursts(buffered) <= 22 / 3, "a 1 KiB buffer holds several events: " + buffered);
        assertTrue(bursts(oneByOne) >= 22 / 2, "one by one, as published every 100 ms: " + oneByOne);
        assertEquals("{\"rooms\":0,\"members\":0,\"backplane\":\"memory\",\"degraded\":false}", app.get("/api/rooms").body(),
                "the experiment's streams are gone when it answers");
    }

    @Test
    void onlyTheAppsOwnPagesMayStartIt() {
        assertEquals(403, post(null).statusCode(), "a program without Origin");
        assertEquals(403, post("http://localhost:" + (app.port() + 1)).statusCode(), "another origin");
    }
}
