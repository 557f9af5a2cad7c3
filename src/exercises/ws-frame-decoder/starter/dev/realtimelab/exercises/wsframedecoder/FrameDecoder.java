package dev.realtimelab.exercises.wsframedecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes WebSocket frames (RFC 6455, section 5) from bytes that arrive in pieces, and hands out
 * whole messages and control frames. See EXERCISE.md in this folder for the exact contract.
 */
public final class FrameDecoder {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** A whole text or binary message (fragments joined), or one control frame; payload unmasked. */
    public record Message(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The peer broke the protocol: the connection must be closed with {@link #closeCode()}. */
    public static final class ProtocolViolation extends Exception {
        private final int closeCode;

        public ProtocolViolation(int closeCode, String message) {
            super(message + " (close code " + closeCode + ")");
            this.closeCode = closeCode;
        }

        public int closeCode() {
            return closeCode;
        }
    }

    private final boolean framesAreMasked;
    private final int maxMessageBytes;

    private FrameDecoder(boolean framesAreMasked, int maxMessageBytes) {
        this.framesAreMasked = framesAreMasked;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A server's decoder: reads frames sent by a client, which must all be masked. */
    public static FrameDecoder forServer(int maxMessageBytes) {
        return new FrameDecoder(true, maxMessageBytes);
    }

    /** A client's decoder: reads frames sent by a server, which must never be masked. */
    public static FrameDecoder forClient(int maxMessageBytes) {
        return new FrameDecoder(false, maxMessageBytes);
    }

    /**
     * Takes the next bytes from the connection (any amount, cut anywhere) and returns the
     * messages and control frames they complete, in order.
     */
    public List<Message> feed(byte[] bytes) throws ProtocolViolation {
        throw new UnsupportedOperationException(
                "TODO: keep the bytes, and decode every complete frame: header, length, mask, payload");
    }
}
