package dev.realtimelab.live.frames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds WebSocket frames byte for byte as RFC 6455 section 5.2 lays them out. The lesson on
 * frames shows this code, and the frames demo runs it. It is a teaching encoder: Jetty does the
 * real work on the app's sockets.
 */
public final class FrameEncoder {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** Control frames (close, ping, pong) carry at most this many payload bytes (section 5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** A close reason may use what is left of those 125 bytes after the 2-byte code. */
    public static final int MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

    private FrameEncoder() {}

    // region encode
    /**
     * One frame. {@code maskKey} is the 4-byte masking key, or null for an unmasked frame
     * (servers never mask; clients always must).
     */
    public static byte[] encode(boolean fin, int opcode, byte[] payload, byte[] maskKey) {
        checkFrame(fin, opcode, payload, maskKey);
        int length = payload.length;
        int extendedLengthBytes = length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8;
        int maskBytes = maskKey == null ? 0 : 4;
        ByteBuffer frame = ByteBuffer.allocate(2 + extendedLengthBytes + maskBytes + length); // big-endian

        // Byte 0: FIN, then RSV1-3 (0: no extension negotiated), then the 4-bit opcode.
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));

        // Byte 1: MASK, then the length in its shortest form (the RFC makes that mandatory).
        int maskBit = maskKey == null ? 0 : 0x80;
        if (extendedLengthBytes == 0) {
            frame.put((byte) (maskBit | length));            // 0..125: the length itself
        } else if (extendedLengthBytes == 2) {
            frame.put((byte) (maskBit | 126));               // 126: a 16-bit length follows
            frame.putShort((short) length);
        } else {
            frame.put((byte) (maskBit | 127));               // 127: a 64-bit length follows
            frame.putLong(length);
        }

        // Masked: the key, then payload byte i XOR key[i % 4] (section 5.3).
        if (maskKey == null) {
            frame.put(payload);
        } else {
            frame.put(maskKey);
            for (int i = 0; i < length; i++) {
                frame.put((byte) (payload[i] ^ maskKey[i % 4]));
            }
        }
        return frame.array();
    }
    // endregion

    // region fragment
    /**
     * One message as {@code pieces} frames: the first carries the opcode, the others are
     * continuations (opcode 0), and only the last has FIN set. Each frame gets its own key
     * from {@code maskKeys} (null: unmasked). A text message may be cut inside a UTF-8
     * character: only the reassembled message has to be valid UTF-8.
     */
    public static List<byte[]> encodeMessage(int opcode, byte[] payload, int pieces, Supplier<byte[]> maskKeys) {
        if (pieces < 1 || (pieces > 1 && pieces > payload.length)) {
            throw new IllegalArgumentException("cannot cut " + payload.length + " bytes into " + pieces + " frames");
        }
        if (pieces > 1 && isControl(opcode)) {
            throw new IllegalArgumentException("control frames are never fragmented (RFC 6455 section 5.5)");
        }
        List<byte[]> frames = new ArrayList<>(pieces);
        for (int i = 0; i < pieces; i++) {
            int from = cut(payload.length, i, pieces);
            int to = cut(payload.length, i + 1, pieces);
            boolean last = i == pieces - 1;
            frames.add(encode(last, i == 0 ? opcode : CONTINUATION, Arrays.copyOfRange(payload, from, to),
                    maskKeys == null ? null : maskKeys.get()));
        }
        return frames;
    }
    // endregion

    /** Where piece {@code i} of {@code pieces} starts; earlier pieces get the extra bytes ("Hel" + "lo", as in section 5.7). */
    private static int cut(int length, int i, int pieces) {
        return (int) (((long) length * i + pieces - 1) / pieces);
    }

    // region close
    /** The payload of a close frame: the status code as 2 bytes, big-endian, then a UTF-8 reason. */
    public static byte[] closePayload(int code, String reason) {
        if (!isSendableCloseCode(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent in a close frame");
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("a close reason may be at most " + MAX_CLOSE_REASON_BYTES
                    + " bytes of UTF-8 (this one is " + reasonBytes.length + ")");
        }
        return ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes).array();
    }
    // endregion

    /**
     * Codes an endpoint may put on the wire (RFC 6455 section 7.4): the defined ones apart from
     * 1004 (reserved), 1005, 1006 and 1015 (only ever reported locally, never sent), the
     * IANA-registered 1012-1014, and 3000-4999 for libraries and applications.
     */
    public static boolean isSendableCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    public static String opcodeName(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "continuation";
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "reserved";
        };
    }

    private static void checkFrame(boolean fin, int opcode, byte[] payload, byte[] maskKey) {
        if (opcodeName(opcode).equals("reserved")) {
            throw new IllegalArgumentException("opcode 0x" + Integer.toHexString(opcode) + " is reserved");
        }
        if (isControl(opcode) && (payload.length > MAX_CONTROL_PAYLOAD || !fin)) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes and is never fragmented");
        }
        if (maskKey != null && maskKey.length != 4) {
            throw new IllegalArgumentException("a masking key is 4 bytes");
        }
    }
}
