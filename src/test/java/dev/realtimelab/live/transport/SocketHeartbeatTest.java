package dev.realtimelab.live.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.live.frames.FrameEncoder;
import dev.realtimelab.shared.Limits;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every socket is pinged, and one that answers nothing is closed after {@link Limits#IDLE_TIMEOUT}
 * even though the server's own pings keep it busy. Raw clients, and the app's clock moved
 * forward a ping interval at a time instead of waiting five minutes.
 */
class SocketHeartbeatTest extends AppTest {
    private static final byte[] MASK = {1, 2, 3, 4};

    /** A socket past the handshake, with the 101 head read; it answers nothing by itself. */
    private static Socket open(String path) throws IOException {
        Socket socket = new Socket("localhost", app.port());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + app.port()
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

    /** One short frame as the server sent it: opcode byte, length byte, payload. */
    private static byte[] readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertTrue((b1 & 0x7f) <= 125, "short frames only here");
        byte[] frame = new byte[2 + (b1 & 0x7f)];
        frame[0] = (byte) b0;
        frame[1] = (byte) b1;
        in.readFully(frame, 2, frame.length - 2);
        return frame;
    }

    @Test
    void aSocketThatNeverAnswersIsClosedWith1001AndOneThatAnswersPingsStaysOpen() throws IOException {
        try (Socket silentRoom = open("/ws/room/quiet?presence=off");
             Socket silentEcho = open("/ws/echo");
             Socket answering = open("/ws/room/idle?presence=off")) {
            // One message each, answered: the server has them all open before time moves.
            for (Socket socket : new Socket[] {silentRoom, silentEcho, answering}) {
                socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "hi".getBytes(StandardCharsets.UTF_8), MASK));
                assertEquals((byte) 0x81, readFrame(socket)[0]);
            }
            long steps = Limits.IDLE_TIMEOUT.dividedBy(Limits.PING_INTERVAL) + 2;
            for (int i = 0; i < steps; i++) {
                app.advance(Limits.PING_INTERVAL);
                byte[] ping = readFrame(answering);
                assertEquals((byte) 0x89, ping[0], "a ping every interval: " + HexFormat.of().formatHex(ping));
                // The pong carries the ping's payload back, masked like every client frame.
                answering.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.PONG, Arrays.copyOfRange(ping, 2, ping.length), MASK));
            }
            for (Socket silent : new Socket[] {silentRoom, silentEcho}) {
                byte[] frame = readFrame(silent);
                int pings = 0;
                while (frame[0] == (byte) 0x89) {
                    pings++;
                    frame = readFrame(silent);
                }
                assertTrue(pings >= 2, "it was pinged first: " + pings);
                assertEquals((byte) 0x88, frame[0], "then closed: " + HexFormat.of().formatHex(frame));
                assertEquals(1001, ((frame[2] & 0xff) << 8) | (frame[3] & 0xff), "going away");
            }
            // The one that answered every ping is still a member of its room.
            answering.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "still here".getBytes(StandardCharsets.UTF_8), MASK));
            byte[] frame = readFrame(answering);
            while (frame[0] == (byte) 0x89) {
                frame = readFrame(answering);
            }
            assertEquals((byte) 0x81, frame[0]);
            assertTrue(new String(frame, 2, frame.length - 2, StandardCharsets.UTF_8).contains("still here"));
        }
    }
}
