package dev.realtimelab.live.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.live.EchoSocket;
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

    private static int closeCode(byte[] frame) {
        assertEquals((byte) 0x88, frame[0], "expected a close frame, got " + HexFormat.ofDelimiter(" ").formatHex(frame));
        return ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
    }

    @Test
    void theRfcMaskedHelloIsEchoedAsTheRfcUnmaskedHello() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            OutputStream out = socket.getOutputStream();
            out.write(FrameEncoder.encode(true, FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), RFC_KEY));
            assertEquals("81 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(RawHttp.readShortFrame(socket)));
        }
    }

    @Test
    void fragmentsAreReassembledIntoOneMessage() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            OutputStream out = socket.getOutputStream();
            for (byte[] frame : FrameEncoder.encodeMessage(FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), 2, () -> RFC_KEY)) {
                out.write(frame);
            }
            assertEquals("81 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(RawHttp.readShortFrame(socket)));
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingTheSamePayload() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.PING, "Hello".getBytes(StandardCharsets.US_ASCII), RFC_KEY));
            assertEquals("8a 05 48 65 6c 6c 6f", HexFormat.ofDelimiter(" ").formatHex(RawHttp.readShortFrame(socket)));
        }
    }

    @Test
    void invalidUtf8TextIsClosedWith1007() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, new byte[] {(byte) 0xc3, 0x28}, RFC_KEY));
            assertEquals(1007, closeCode(RawHttp.readShortFrame(socket)));
        }
    }

    @Test
    void anUnmaskedClientFrameIsClosedWith1002() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), null));
            assertEquals(1002, closeCode(RawHttp.readShortFrame(socket)));
        }
    }

    @Test
    void aCloseFrameIsAnsweredWithTheSameCode() throws IOException {
        try (Socket socket = RawHttp.upgrade(app, EchoSocket.PATH)) {
            socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.CLOSE, FrameEncoder.closePayload(4000, "bye"), RFC_KEY));
            assertEquals(4000, closeCode(RawHttp.readShortFrame(socket)));
        }
    }
}
