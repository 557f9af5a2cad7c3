package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ws /ws/echo} over a real socket: echo, the origin check, the size limit. */
class EchoSocketTest extends AppTest {
    private WebSocket connect(WsRecorder recorder) throws Exception {
        return WsRecorder.connect(app.http(), app.wsUri(EchoSocket.PATH), app.url(""), recorder);
    }

    @Test
    void echoesTextAsText() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = connect(recorder);
        ws.sendText("héllo, echo", true).get(5, TimeUnit.SECONDS);
        assertEquals("héllo, echo", recorder.next());
        ws.sendText("second", true).get(5, TimeUnit.SECONDS);
        assertEquals("second", recorder.next());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        assertEquals(1000, recorder.awaitClose().code());
    }

    @Test
    void echoesBinaryAsBinary() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = connect(recorder);
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 'h', 'i'};
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(bytes, assertInstanceOf(byte[].class, recorder.next()));
        byte[] large = "0123456789".repeat(4000).getBytes(StandardCharsets.US_ASCII);
        ws.sendBinary(ByteBuffer.wrap(large), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(large, assertInstanceOf(byte[].class, recorder.next()));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aMessageOver64KiBIsClosedWith1009() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = connect(recorder);
        ws.sendText("x".repeat(70 * 1024), true);
        assertEquals(1009, recorder.awaitClose().code());
    }

    @Test
    void exactly64KiBIsStillEchoed() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = connect(recorder);
        String largest = "y".repeat(LiveDemos.MAX_MESSAGE_BYTES);
        ws.sendText(largest, true).get(5, TimeUnit.SECONDS);
        assertEquals(largest, recorder.next());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    @Test
    void aForeignOriginIsRefusedWith403() {
        assertEquals(403, handshakeStatus("http://evil.example"));
        assertEquals(403, handshakeStatus("http://localhost:1"), "same host, other port is another origin");
    }

    @Test
    void noOriginIsRefusedWith403() {
        assertEquals(403, handshakeStatus(null));
    }

    private static int handshakeStatus(String origin) {
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> WsRecorder.connect(app.http(), app.wsUri(EchoSocket.PATH), origin, new WsRecorder()));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
        return refused.getResponse().statusCode();
    }

    @Test
    void theUpgradeSetsNoSessionCookie() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + EchoSocket.PATH + " HTTP/1.1\r\nHost: localhost:" + app.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: " + app.url("") + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            assertTrue(!head.toString().toLowerCase(java.util.Locale.ROOT).contains("set-cookie"),
                    "the course keeps no sessions, so an upgrade must not set a cookie:\n" + head);
        }
    }
}
