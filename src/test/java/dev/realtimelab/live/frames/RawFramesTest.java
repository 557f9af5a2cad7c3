package dev.realtimelab.live.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.live.EchoSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Frames built by {@link FrameEncoder}, sent to the echo endpoint over a bare TCP socket: Jetty
 * must understand them, answer unmasked, and enforce the rules the frames lesson states.
 */
class RawFramesTest extends AppTest {
    private static final byte[] RFC_KEY = HexFormat.of().parseHex("37fa213d");

    /** A socket past the handshake, with the 101 head already read. */
    private static Socket open() throws IOException {
        Socket socket = new Socket("localhost", app.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + EchoSocket.PATH + " HTTP/1.1\r\nHost: localhost:" + app.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: " + app.url("") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
        return socket;
    }

    /** Reads one short frame (length up to 125) as the server sent it. */
    private static byte[] readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertEquals(0, b1 & 0x80, "a server never masks");
        assertTrue((b1 & 0x7f) <= 125, "this helper reads short frames only");
        byte[] frame = new byte[2 + (b1 & 0x7f)];
        frame[0] = (byte) b0;
        frame[1] = (byte) b1;
        in.readFully(frame, 2, frame.length - 2);
        return frame;
    }

    private static int closeCode(byte[] frame) {
        assertEquals((byte) 0x88, frame[0], "expected a close frame, got " + HexFormat.ofDelimiter(" ").formatHex(frame));
        return ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
    }

    @Test
    void theRfcMaskedHelloIsEchoedAsTheRfcUnmaskedHello() throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(FrameEncoder.encode(true, FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), RFC_KEY));
            assertEquals("81 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(readFrame(socket)));
        }
    }

    @Test
    void fragmentsAreReassembledIntoOneMessage() throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            for (byte[] frame : FrameEncoder.encodeMessage(FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), 2, () -> RFC_KEY)) {
                out.write(frame);
            }
            assertEquals("81 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(readFrame(socket)));
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingTheSamePayload() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.PING, "Hello".getBytes(StandardCharsets.US_ASCII), RFC_KEY));
            assertEquals("8a 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(readFrame(socket)));
        }
    }

    @Test
    void invalidUtf8TextIsClosedWith1007() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, new byte[] {(byte) 0xc3, 0x28}, RFC_KEY));
            assertEquals(1007, closeCode(readFrame(socket)));
        }
    }

    @Test
    void anUnmaskedClientFrameIsClosedWith1002() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), null));
            assertEquals(1002, closeCode(readFrame(socket)));
        }
    }

    @Test
    void aCloseFrameIsAnsweredWithTheSameCode() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.CLOSE, FrameEncoder.closePayload(4000, "bye"), RFC_KEY));
            assertEquals(4000, closeCode(readFrame(socket)));
        }
    }
}
