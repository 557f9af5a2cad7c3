package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.live.hub.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The heap an idle WebSocket and an idle event stream cost the app, measured by the app itself. */
class IdleCostExperimentTest extends AppTest {
    static HttpResponse<String> post(String query, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/labs/compare/idle-cost" + query))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return app.send(request.build());
    }

    @Test
    void eachIdleConnectionCostsAFewKibAndIsClosedAfterwards() throws Exception {
        // The test JVM shares its heap with whatever earlier test classes left running, so one
        // run can see their garbage vanish between two readings; a plausible run in three is the check.
        JsonNode result = null;
        long ws = 0;
        long sse = 0;
        for (int run = 0; run < 3 && !(plausible(ws) && plausible(sse)); run++) {
            HttpResponse<String> response = post("?n=50", app.url(""));
            assertEquals(200, response.statusCode(), response.body());
            result = Json.mapper().readTree(response.body());
            ws = result.get("webSocketBytes").asLong();
            sse = result.get("eventStreamBytes").asLong();
            System.out.println("idle cost, 50 each: WebSocket " + ws + " B, event stream " + sse + " B");
        }
        assertTrue(plausible(ws), "a WebSocket costs something, and less than half a MiB: " + result);
        assertTrue(plausible(sse), "an event stream too: " + result);
        JsonNode rooms = Json.mapper().readTree(app.get("/api/rooms").body());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (rooms.get("members").asInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            rooms = Json.mapper().readTree(app.get("/api/rooms").body());
        }
        assertEquals(0, rooms.get("members").asInt(), "the connections are closed afterwards: " + rooms);
    }

    private static boolean plausible(long bytesPerConnection) {
        return bytesPerConnection > 0 && bytesPerConnection < 512 * 1024;
    }

    @Test
    void refusesOutOfBoundsAndForeignOrigins() {
        assertEquals(400, post("?n=0", app.url("")).statusCode());
        assertEquals(400, post("?n=201", app.url("")).statusCode());
        assertEquals(400, post("?n=abc", app.url("")).statusCode());
        assertEquals(403, post("?n=10", null).statusCode(), "a program without Origin");
        assertEquals(403, post("?n=10", "http://localhost:" + (app.port() + 1)).statusCode());
    }
}
