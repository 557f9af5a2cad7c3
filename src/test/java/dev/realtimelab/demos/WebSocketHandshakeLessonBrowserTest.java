package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import dev.realtimelab.live.HandshakeInspector;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The two demos of lesson 04, driven in Chromium on the lesson page. */
class WebSocketHandshakeLessonBrowserTest extends BrowserTest {
    private static final String HANDSHAKE = "section[data-demo='ws-handshake'] ";
    private static final String ECHO = "section[data-demo='ws-echo'] ";

    @BeforeEach
    void openLesson() {
        consoleErrors(); // drop what earlier tests left in the browser log
        open("/lessons/websocket-handshake");
    }

    @Test
    void handshakeDemoShowsThisConnectionsKeyAndTheMatchingAccept() {
        widget(HANDSHAKE + ".hs-connect").click();
        waitForText(HANDSHAKE + ".hs-match", "the same value");

        String key = widget(HANDSHAKE + ".hs-key").getText();
        String expected = HandshakeInspector.accept(key).accept();
        assertEquals(expected, widget(HANDSHAKE + ".hs-accept").getText(), "the accept computed from the shown key");
        assertEquals(expected, widget(HANDSHAKE + ".hs-accept-header").getText(), "the header the server sent");
        assertEquals(key + HandshakeInspector.GUID, widget(HANDSHAKE + ".hs-concatenated").getText());

        String request = widget(HANDSHAKE + ".hs-request").getText();
        assertTrue(request.startsWith("GET /ws/handshake HTTP/1.1"), request);
        assertTrue(request.contains("Sec-WebSocket-Key: " + key), request);
        assertTrue(request.contains("Origin: " + app.url("")), request);
        assertTrue(request.contains("Upgrade: websocket"), request);
        String response = widget(HANDSHAKE + ".hs-response").getText();
        assertTrue(response.startsWith("HTTP/1.1 101 Switching Protocols"), response);
        assertTrue(response.contains("Sec-WebSocket-Accept: " + expected), response);
        // Chromium offers per-message compression and the server leaves it out of its answer (lesson 04 says why).
        assertTrue(request.contains("Sec-WebSocket-Extensions: permessage-deflate"), request);
        assertFalse(response.contains("Sec-WebSocket-Extensions"), response);

        // the page closes the socket itself once it has the report
        waitForText(HANDSHAKE + ".demo-log", "close: code 1000 (normal closure), reason \"report received\", wasClean true");
        assertEquals(List.of(), consoleErrors(), "no script error and no CSP violation");
    }

    @Test
    void handshakeDemoNegotiatesASubprotocolAndShowsARefusal() {
        type(HANDSHAKE + ".hs-protocols", "chat, lab.v1");
        widget(HANDSHAKE + ".hs-connect").click();
        waitForText(HANDSHAKE + ".hs-match", "ws.protocol = \"lab.v1\"");
        assertTrue(widget(HANDSHAKE + ".hs-response").getText().contains("Sec-WebSocket-Protocol: lab.v1"));
        waitForText(HANDSHAKE + ".demo-log", "wasClean true");

        type(HANDSHAKE + ".hs-protocols", "chat");
        waitFor(d -> widget(HANDSHAKE + ".hs-connect").isEnabled());
        widget(HANDSHAKE + ".hs-connect").click();
        waitForText(HANDSHAKE + ".demo-log", "code 1006");
        assertTrue(widget(HANDSHAKE + ".demo-log").getText().contains("wasClean false"));
        assertTrue(widget(HANDSHAKE + ".demo-status").getText().contains("chose none"));
    }

    private static void connectEcho() {
        widget(ECHO + ".echo-connect").click();
        waitForText(ECHO + ".demo-status", "Open.");
    }

    @Test
    void echoDemoEchoesTextAndBinary() {
        connectEcho();
        assertTrue(widget(ECHO + ".demo-log").getText().contains("open: readyState 1 (OPEN)"));
        type(ECHO + ".echo-message", "héllo");
        widget(ECHO + ".echo-send-text").click();
        waitForText(ECHO + ".demo-log", "message: text, 6 bytes: \"héllo\"");
        widget(ECHO + ".echo-send-binary").click();
        waitForText(ECHO + ".demo-log", "message: binary (ArrayBuffer), 6 bytes: 68 c3 a9 6c 6c 6f");
        // a bare close() sends a close frame without a code, which the close event reports as 1005
        widget(ECHO + ".echo-disconnect").click();
        waitForText(ECHO + ".demo-log", "close: code 1005 (no status code in the close frame), reason \"\", wasClean true");
        assertEquals(List.of(), consoleErrors(), "no script error and no CSP violation");
    }

    @Test
    void echoDemoClosesWithTheChosenCodeAndShowsTheBrowsersRefusal() {
        connectEcho();
        type(ECHO + ".echo-close-code", "1001");
        widget(ECHO + ".echo-close").click();
        waitForText(ECHO + ".demo-log", "threw InvalidAccessError");
        assertTrue(widget(ECHO + ".demo-status").getText().contains("still open"));

        type(ECHO + ".echo-close-code", "4000");
        type(ECHO + ".echo-close-reason", "done for now");
        widget(ECHO + ".echo-close").click();
        waitForText(ECHO + ".demo-log", "close: code 4000 (the code you sent, echoed back), reason \"done for now\", wasClean true");
    }

    @Test
    void echoDemoShowsTheServerClosingWith1009AfterSeventyKilobytes() {
        connectEcho();
        widget(ECHO + ".echo-send-big").click();
        waitForText(ECHO + ".demo-log", "close: code 1009 (message too big)");
        assertTrue(widget(ECHO + ".demo-log").getText().contains("wasClean true"));
        assertTrue(widget(ECHO + ".demo-status").getText().contains("Closed with 1009"));
    }
}
