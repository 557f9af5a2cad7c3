package dev.realtimelab.live.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.live.frames.FrameEncoder;
import dev.realtimelab.shared.Limits;
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

    @Test
    void aSocketThatNeverAnswersIsClosedWith1001AndOneThatAnswersPingsStaysOpen() throws IOException {
        try (Socket silentRoom = RawHttp.upgrade(app, "/ws/room/quiet?presence=off");
             Socket silentEcho = RawHttp.upgrade(app, "/ws/echo");
             Socket answering = RawHttp.upgrade(app, "/ws/room/idle?presence=off")) {
            // One message each, answered: the server has them all open before time moves.
            for (Socket socket : new Socket[] {silentRoom, silentEcho, answering}) {
                socket.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "hi".getBytes(StandardCharsets.UTF_8), MASK));
                assertEquals((byte) 0x81, RawHttp.readShortFrame(socket)[0]);
            }
            long steps = Limits.IDLE_TIMEOUT.dividedBy(Limits.PING_INTERVAL) + 2;
            for (int i = 0; i < steps; i++) {
                app.advance(Limits.PING_INTERVAL);
                byte[] ping = RawHttp.readShortFrame(answering);
                assertEquals((byte) 0x89, ping[0], "a ping every interval: " + HexFormat.of().formatHex(ping));
                // The pong carries the ping's payload back, masked like every client frame.
                answering.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.PONG, Arrays.copyOfRange(ping, 2, ping.length), MASK));
            }
            for (Socket silent : new Socket[] {silentRoom, silentEcho}) {
                byte[] frame = RawHttp.readShortFrame(silent);
                int pings = 0;
                while (frame[0] == (byte) 0x89) {
                    pings++;
                    frame = RawHttp.readShortFrame(silent);
                }
                assertTrue(pings >= 2, "it was pinged first: " + pings);
                assertEquals((byte) 0x88, frame[0], "then closed: " + HexFormat.of().formatHex(frame));
                assertEquals(1001, ((frame[2] & 0xff) << 8) | (frame[3] & 0xff), "going away");
            }
            // The one that answered every ping is still a member of its room.
            answering.getOutputStream().write(FrameEncoder.encode(true, FrameEncoder.TEXT, "still here".getBytes(StandardCharsets.UTF_8), MASK));
            byte[] frame = RawHttp.readShortFrame(answering);
            while (frame[0] == (byte) 0x89) {
                frame = RawHttp.readShortFrame(answering);
            }
            assertEquals((byte) 0x81, frame[0]);
            assertTrue(new String(frame, 2, frame.length - 2, StandardCharsets.UTF_8).contains("still here"));
        }
    }
}
