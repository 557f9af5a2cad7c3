package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.security.SecuritySettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the --tls port the wire experiment also captures each event over HTTP/2 (h2c through the
 * relay): one DATA frame, a 9-byte header in front of the same event bytes that HTTP/1.1 wraps
 * in chunk framing (RFC 9113 section 4.1).
 */
class WireExperimentHttp2Test {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = new TestApp(SecuritySettings.defaults().withTls(true));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void eachEventIsOneDataFrameWithANineByteHeader() throws Exception {
        HttpResponse<String> response = app.send(HttpRequest.newBuilder(app.uri("/labs/compare/wire"))
                .header("Origin", app.url("")).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Json.mapper().readTree(response.body());
        assertTrue(result.get("http2").asBoolean(), "the --tls port speaks h2c to the relay");
        for (int size : new int[] {5, 125, 126, 1000, 10_000}) {
            JsonNode h2 = WireExperimentTest.message(result, "SSE over HTTP/2", "server to client", "one event", size);
            JsonNode h1 = WireExperimentTest.message(result, "SSE", "server to client", "one event", size);
            int bytes = h2.get("bytes").asInt();
            assertEquals(9, h2.get("parts").get("DATA frame header").asInt(), h2.toString());
            assertEquals(0, h2.get("parts").get("other frames").asInt(), h2.toString());
            assertEquals(1, h2.get("frames").size(), h2.toString());
            assertEquals("DATA length " + (bytes - 9) + " stream 1", h2.get("frames").get(0).asText(),
                    "the frame's 24-bit length is everything after its 9-byte header; the answer to the upgrade is stream 1");
            String event = h2.get("text").asText();
            assertTrue(event.matches("id: \\d+\nevent: message\ndata: \\{.*}\n\n"), event);
            assertEquals(bytes - 9, event.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            // The same event on HTTP/1.1: the same bytes, chunk framing instead of the frame header.
            assertEquals(h1.get("bytes").asInt() - h1.get("parts").get("chunk framing").asInt(), bytes - 9, h1 + " / " + h2);
        }
        boolean upgradeRecorded = false;
        for (JsonNode row : result.get("once")) {
            upgradeRecorded |= row.get("transport").asText().equals("SSE over HTTP/2") && row.get("bytes").asInt() > 24;
        }
        assertTrue(upgradeRecorded, "the upgrade and the connection preface (24 bytes) are recorded once: " + result.get("once"));
    }
}
