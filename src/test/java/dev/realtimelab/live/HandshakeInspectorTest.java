package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.AppTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = app.http().newWebSocketBuilder()
                .header("Origin", app.url(""))
                .header("X-Lab-Probe", "probe-42")
                .buildAsync(app.wsUri(HandshakeInspector.PATH + "?from=test"), recorder)
                .get(10, TimeUnit.SECONDS);
        JsonNode report = JSON.readTree((String) recorder.next());

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
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void picksASubprotocolItSpeaksFromTheOffer() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = app.http().newWebSocketBuilder()
                .header("Origin", app.url(""))
                .subprotocols("chat.unknown", "lab.v1")
                .buildAsync(app.wsUri(HandshakeInspector.PATH), recorder)
                .get(10, TimeUnit.SECONDS);
        assertEquals("lab.v1", ws.getSubprotocol());
        JsonNode report = JSON.readTree((String) recorder.next());
        assertEquals("lab.v1", report.get("subprotocol").asText());
        assertEquals("chat.unknown, lab.v1", header(report.get("request").get("headers"), "Sec-WebSocket-Protocol"));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void choosesNoSubprotocolWhenItSpeaksNoneOfTheOffer() throws Exception {
        // Javalin alone would echo the first offer; a server must only name one it speaks.
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = app.http().newWebSocketBuilder()
                .header("Origin", app.url(""))
                .subprotocols("chat.unknown")
                .buildAsync(app.wsUri(HandshakeInspector.PATH), recorder)
                .get(10, TimeUnit.SECONDS);
        assertEquals("", ws.getSubprotocol());
        assertTrue(JSON.readTree((String) recorder.next()).get("subprotocol").isNull());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void onTheWireTheRfcExampleKeyGetsTheRfcAccept() throws Exception {
        try (Socket socket = new Socket("localhost", app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + HandshakeInspector.PATH + " HTTP/1.1\r\n"
                    + "Host: localhost:" + app.port() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Origin: " + app.url("") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            assertEquals("HTTP/1.1 101 Switching Protocols", head.get(0));
            assertTrue(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head.toString());
        }
    }

    @Test
    void aForeignOriginNeverReachesTheInspector() {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> WsRecorder.connect(app.http(), app.wsUri(HandshakeInspector.PATH), "http://evil.example", new WsRecorder()));
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode());
    }
}
