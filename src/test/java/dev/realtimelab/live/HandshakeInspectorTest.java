package dev.realtimelab.live;

import dev.realtimelab.testkit.TestSocket;
import dev.realtimelab.testkit.RawHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.AppTest;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ws /ws/handshake} reports the handshake of the very connection it arrives on. */
class HandshakeInspectorTest extends AppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String header(JsonNode headers, String name) {
        for (JsonNode h : headers) {
            if (h.get("name").asText().equalsIgnoreCase(name)) {
                return h.get("value").asText();
            }
        }
        throw new AssertionError("no header " + name + " in " + headers);
    }

    @Test
    void reportsTheHeadersThisClientSentAndTheAcceptItGot() throws Exception {
        TestSocket socket = TestSocket.open(app.wsUri(HandshakeInspector.PATH + "?from=test"), app.url(""),
                Map.of("X-Lab-Probe", "probe-42"));
        JsonNode report = JSON.readTree(socket.next());

        JsonNode request = report.get("request");
        assertEquals("GET", request.get("method").asText());
        assertEquals("/ws/handshake?from=test", request.get("target").asText());
        assertEquals("HTTP/1.1", request.get("version").asText());
        assertEquals("probe-42", header(request.get("headers"), "X-Lab-Probe"));
        assertEquals(app.url(""), header(request.get("headers"), "Origin"));
        assertEquals("websocket", header(request.get("headers"), "Upgrade"));
        assertEquals("13", header(request.get("headers"), "Sec-WebSocket-Version"));
        String key = header(request.get("headers"), "Sec-WebSocket-Key");

        JsonNode response = report.get("response");
        assertEquals(101, response.get("status").asInt());
        assertEquals("websocket", header(response.get("headers"), "Upgrade"));
        assertEquals("Upgrade", header(response.get("headers"), "Connection"));
        String expected = HandshakeInspector.accept(key).accept();
        assertEquals(expected, header(response.get("headers"), "Sec-WebSocket-Accept"));

        JsonNode accept = report.get("accept");
        assertEquals(key, accept.get("key").asText());
        assertEquals(key + HandshakeInspector.GUID, accept.get("concatenated").asText());
        assertEquals(expected, accept.get("accept").asText());
        assertTrue(report.get("acceptMatches").asBoolean());
        socket.close();
    }

    @Test
    void picksASubprotocolItSpeaksFromTheOffer() throws Exception {
        TestSocket socket = TestSocket.open(app.wsUri(HandshakeInspector.PATH), app.url(""), Map.of(),
                "chat.unknown", "lab.v1");
        assertEquals("lab.v1", socket.subprotocol());
        JsonNode report = JSON.readTree(socket.next());
        assertEquals("lab.v1", report.get("subprotocol").asText());
        assertEquals("chat.unknown, lab.v1", header(report.get("request").get("headers"), "Sec-WebSocket-Protocol"));
        socket.close();
    }

    @Test
    void choosesNoSubprotocolWhenItSpeaksNoneOfTheOffer() throws Exception {
        // Javalin alone would echo the first offer; a server must only name one it speaks.
        TestSocket socket = TestSocket.open(app.wsUri(HandshakeInspector.PATH), app.url(""), Map.of(), "chat.unknown");
        assertEquals("", socket.subprotocol());
        assertTrue(JSON.readTree(socket.next()).get("subprotocol").isNull());
        socket.close();
    }

    @Test
    void onTheWireTheRfcExampleKeyGetsTheRfcAccept() throws Exception {
        String head = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), HandshakeInspector.PATH, app.url("")));
        List<String> lines = List.of(head.split("\r\n"));
        assertEquals("HTTP/1.1 101 Switching Protocols", lines.get(0));
        assertTrue(lines.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
    }

    @Test
    void aForeignOriginNeverReachesTheInspector() {
        assertEquals(403, TestSocket.handshake(app.wsUri(HandshakeInspector.PATH), "http://evil.example", Map.of()).status());
    }
}
