package dev.realtimelab.exercises.wsframedecoder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes WebSocket frames (RFC 6455, section 5) from bytes that arrive in pieces, and hands out
 * whole messages and control frames.
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

    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_DATA = 1007;
    private static final int TOO_BIG = 1009;

    private final boolean framesAreMasked;
    private final int maxMessageBytes;

    /** Bytes received but not yet decoded: at most one unfinished frame. */
    private byte[] pending = new byte[0];

    /** The message being reassembled from fragments, if any. */
    private int messageOpcode = -1;
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

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
        byte[] joined = Arrays.copyOf(pending, pending.length + bytes.length);
        System.arraycopy(bytes, 0, joined, pending.length, bytes.length);
        pending = joined;

        List<Message> messages = new ArrayList<>();
        int used;
        while ((used = decodeOneFrame(messages)) > 0) {
            pending = Arrays.copyOfRange(pending, used, pending.length);
        }
        return messages;
    }

    /** Decodes the frame at the start of {@code pending}; returns its size, or 0 if it is not all here yet. */
    private int decodeOneFrame(List<Message> messages) throws ProtocolViolation {
        ByteBuffer in = ByteBuffer.wrap(pending);
        if (in.remaining() < 2) {
            return 0;
        }
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = b0 & 0x70;
        int opcode = b0 & 0x0F;
        boolean masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;

        // Everything we can check from the first two bytes, before waiting for more.
        if (rsv != 0) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "RSV bits set, but no extension was negotiated");
        }
        boolean control = opcode >= 0x8;
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY
                && opcode != CLOSE && opcode != PING && opcode != PONG) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if (masked != framesAreMasked) {
            throw new ProtocolViolation(PROTOCOL_ERROR, framesAreMasked
                    ? "a client frame must be masked" : "a server frame must not be masked");
        }
        if (control && !fin) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "a control frame must not be fragmented");
        }
        if (control && length7 > 125) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "a control frame carries at most 125 bytes");
        }
        if (opcode == CONTINUATION && messageOpcode < 0) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "a continuation frame, but no message was started");
        }
        if ((opcode == TEXT || opcode == BINARY) && messageOpcode >= 0) {
            throw new ProtocolViolation(PROTOCOL_ERROR, "a new message before the fragmented one was finished");
        }

        // The extended length: 126 means 16 bits follow, 127 means 64 bits; the shortest form is mandatory.
        long length = length7;
        if (length7 == 126) {
            if (in.remaining() < 2) {
                return 0;
            }
            length = in.getShort() & 0xFFFF;
            if (length < 126) {
                throw new ProtocolViolation(PROTOCOL_ERROR, "length " + length + " sent in 16 bits; 7 were enough");
            }
        } else if (length7 == 127) {
            if (in.remaining() < 8) {
                return 0;
            }
            length = in.getLong();
            if (length < 0) {
                throw new ProtocolViolation(PROTOCOL_ERROR, "the most significant bit of a 64-bit length must be 0");
            }
            if (length < 65536) {
                throw new ProtocolViolation(PROTOCOL_ERROR, "length " + length + " sent in 64 bits; 16 were enough");
            }
        }
        // Refuse an oversized message as soon as its header says so, before buffering a byte of it.
        long messageSoFar = control ? 0 : fragments.size();
        if (messageSoFar + length > maxMessageBytes) {
            throw new ProtocolViolation(TOO_BIG, "a message of " + (messageSoFar + length)
                    + " bytes, the limit is " + maxMessageBytes);
        }

        byte[] mask = new byte[4];
        if (masked) {
            if (in.remaining() < 4) {
                return 0;
            }
            in.get(mask);
        }
        if (in.remaining() < length) {
            return 0;
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }

        if (control) {
            messages.add(new Message(opcode, payload)); // may arrive between the fragments of a message
        } else {
            if (opcode != CONTINUATION) {
                messageOpcode = opcode;
                fragments.reset();
            }
            fragments.write(payload, 0, payload.length);
            if (fin) {
                byte[] whole = fragments.toByteArray();
                int type = messageOpcode;
                messageOpcode = -1;
                fragments.reset();
                // Check the whole message: a character may be split between two fragments.
                if (type == TEXT && !isValidUtf8(whole)) {
                    throw new ProtocolViolation(INVALID_DATA, "a text message that is not valid UTF-8");
                }
                messages.add(new Message(type, whole));
            }
        }
        return in.position();
    }

    private static boolean isValidUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
