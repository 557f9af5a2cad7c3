package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestSocket;
import dev.realtimelab.shared.Limits;
import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;

import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ws /ws/echo} over a real socket: echo, the origin check, the size limit. */
class EchoSocketTest extends AppTest {
    private static TestSocket connect() {
        return TestSocket.open(app.wsUri(EchoSocket.PATH), app.url(""));
    }

    @Test
    void echoesTextAsText() {
        TestSocket socket = connect();
        socket.send("héllo, echo");
        assertEquals("héllo, echo", socket.next());
        socket.send("second");
        assertEquals("second", socket.next());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        assertEquals(1000, socket.awaitClose().code());
    }

    @Test
    void echoesBinaryAsBinary() {
        TestSocket socket = connect();
        byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 'h', 'i'};
        socket.sendBinary(bytes);
        assertArrayEquals(bytes, socket.nextBinary());
        byte[] large = "0123456789".repeat(4000).getBytes(StandardCharsets.US_ASCII);
        socket.sendBinary(large);
        assertArrayEquals(large, socket.nextBinary());
        socket.close();
    }

    /** Browsers offer per-message compression; every socket of the app declines it (see ServerLimits). */
    @Test
    void theCompressionEveryBrowserOffersIsDeclined() throws Exception {
        for (String path : new String[] {EchoSocket.PATH, "/ws/room/compression"}) {
            String offer = RawHttp.handshake(app.port(), path, app.url("")).replace("\r\n\r\n",
                    "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
            try (var socket = RawHttp.connect("127.0.0.1", app.port())) {
                socket.getOutputStream().write(offer.getBytes(StandardCharsets.ISO_8859_1));
                String head = RawHttp.head(socket.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 101 "), head);
                assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions"), head);
            }
        }
    }

    @Test
    void aMessageOver64KiBIsClosedWith1009() {
        TestSocket socket = connect();
        socket.sendAsync("x".repeat(70 * 1024));
        assertEquals(1009, socket.awaitClose().code());
    }

    @Test
    void exactly64KiBIsStillEchoed() {
        TestSocket socket = connect();
        String largest = "y".repeat(Limits.MAX_MESSAGE_BYTES);
        socket.send(largest);
        assertEquals(largest, socket.next());
        socket.close();
    }

    @Test
    void aForeignOriginIsRefusedWith403() {
        assertEquals(403, handshakeStatus("http://evil.example"));
        assertEquals(403, handshakeStatus("http://localhost:1"), "same host, other port is another origin");
    }

    @Test
    void aClientWithoutOriginIsLetIn() {
        // Not a browser page (websocat, java.net.http): no browser cookies, so the public echo serves it.
        assertEquals(101, handshakeStatus(null));
    }

    private static int handshakeStatus(String origin) {
        TestSocket.Handshake handshake = TestSocket.handshake(app.wsUri(EchoSocket.PATH), origin, Map.of());
        if (handshake.socket() != null) {
            handshake.socket().close();
        }
        return handshake.status();
    }

    @Test
    void theUpgradeSetsNoSessionCookie() throws Exception {
        String head = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), EchoSocket.PATH, app.url("")));
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertTrue(!head.toLowerCase(java.util.Locale.ROOT).contains("set-cookie"),
                "the course keeps no sessions, so an upgrade must not set a cookie:\n" + head);
    }
}
