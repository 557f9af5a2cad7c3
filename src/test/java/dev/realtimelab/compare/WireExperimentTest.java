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

/** The recording relay's captured bytes against the frame and event arithmetic of lesson 05. */
class WireExperimentTest extends AppTest {
    static HttpResponse<String> post(String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/labs/compare/wire"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        return app.send(request.build());
    }

    static JsonNode message(JsonNode result, String transport, String direction, String what, int payload) {
        for (JsonNode row : result.get("messages")) {
            if (row.get("transport").asText().equals(transport) && row.get("direction").asText().equals(direction)
                    && row.get("what").asText().equals(what) && row.get("payload").asInt() == payload) {
                return row;
            }
        }
        throw new AssertionError("no " + transport + " " + direction + " " + what + " of " + payload + " in " + result);
    }

    @Test
    void capturedBytesMatchTheArithmetic() throws Exception {
        HttpResponse<String> response = post(app.url(""));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Json.mapper().readTree(response.body());

        // RFC 6455 section 5.2: a 5-byte text is a 7-byte frame from the server, 11 from the client.
        assertEquals(11, message(result, "WebSocket", "client to server", "one frame", 5).get("bytes").asInt());
        JsonNode server = message(result, "WebSocket", "server to client", "one frame", 5);
        assertEquals(7, server.get("bytes").asInt());
        assertEquals("81 05 68 65 6c 6c 6f", server.get("hex").asText(), "FIN + text, length 5, \"hello\"");
        assertEquals(8, message(result, "WebSocket", "client to server", "one frame", 126).get("overhead").asInt(), "126 needs the 16-bit length");
        assertEquals(2, message(result, "WebSocket", "server to client", "one frame", 125).get("overhead").asInt());

        // The event: chunk framing (hex size, CRLF, and the CRLF that ends the chunk, which Jetty
        // sends in front of the next chunk's size) around "id: N\nevent: message\ndata: {json}\n\n".
        JsonNode event = message(result, "SSE", "server to client", "one event", 5);
        String wire = event.get("text").asText();
        assertTrue(wire.startsWith("\r\n"), "the CRLF that ended the previous chunk: " + wire);
        String size = wire.substring(2, wire.indexOf("\r\n", 2));
        String body = wire.substring(2 + size.length() + 2);
        assertEquals(Integer.parseInt(size, 16), body.length(), wire);
        assertTrue(body.matches("id: \\d+\nevent: message\ndata: \\{.*\"text\":\"hello\".*}\n\n"), body);
        JsonNode parts = event.get("parts");
        assertEquals(size.length() + 4, parts.get("chunk framing").asInt());
        String idLine = body.substring(0, body.indexOf('\n') + 1);
        assertEquals(idLine.length() + "event: message\n".length() + "data: ".length() + 2,
                parts.get("id:, event: and data: lines, blank line").asInt(), "data: and two newlines are 8 bytes");
        assertEquals(event.get("bytes").asInt(), size.length() + 4 + body.length());

        // Without --tls the app speaks HTTP/1.1 only: no HTTP/2 rows.
        assertEquals(false, result.get("http2").asBoolean(), "h2c is served on the --tls port only");

        // A POST repeats a whole request head for every message.
        assertTrue(message(result, "SSE", "client to server", "POST request", 5).get("overhead").asInt() > 60);
    }

    @Test
    void onlyTheAppsOwnPagesMayStartIt() {
        assertEquals(403, post(null).statusCode(), "a program without Origin");
        assertEquals(403, post("http://localhost:" + (app.port() + 1)).statusCode(), "another origin");
        assertEquals(403, post("null").statusCode(), "a sandboxed frame");
    }
}
