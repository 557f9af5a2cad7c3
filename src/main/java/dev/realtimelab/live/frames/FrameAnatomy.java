package dev.realtimelab.live.frames;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads one frame back, field by field, the way a receiver does, and says what each part
 * means. The frames demo shows this next to the hex, so the explanation comes from the bytes,
 * not from what the encoder was asked to do.
 */
public final class FrameAnatomy {
    /** Payload bytes shown in full; a longer payload is shown by its start and its size. */
    public static final int SHOWN_PAYLOAD_BYTES = 32;

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** One field: its bytes as hex, its name, what it says. */
    public record Field(String hex, String name, String meaning) {}

    private FrameAnatomy() {}

    public static List<Field> describe(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        List<Field> fields = new ArrayList<>();

        int b0 = in.get() & 0xFF;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 0x7;
        int opcode = b0 & 0x0F;
        fields.add(new Field(hex(b0), "FIN, RSV1-3, opcode",
                bits(b0, 1, 3, 4) + ": FIN=" + (fin ? "1, the last frame of its message" : "0, more frames of this message follow")
                        + "; RSV=" + Integer.toBinaryString(0x8 | rsv).substring(1) + (rsv == 0 ? " (no extension in use)" : "")
                        + "; opcode=0x" + Integer.toHexString(opcode).toUpperCase() + ", " + FrameEncoder.opcodeName(opcode)));

        int b1 = in.get() & 0xFF;
        boolean masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        String lengthMeaning = switch (length7) {
            case 126 -> "126, so the length is in the next 2 bytes";
            case 127 -> "127, so the length is in the next 8 bytes";
            default -> length7 + ", the payload length itself (7-bit form, up to 125)";
        };
        fields.add(new Field(hex(b1), "MASK, payload length",
                bits(b1, 1, 7) + ": MASK=" + (masked ? "1, a masking key follows" : "0, not masked") + "; length " + lengthMeaning));

        long length = length7;
        if (length7 == 126) {
            length = in.getShort() & 0xFFFF;
            fields.add(new Field(HEX.formatHex(frame, 2, 4), "extended length (16-bit)", length + " bytes"));
        } else if (length7 == 127) {
            length = in.getLong();
            fields.add(new Field(HEX.formatHex(frame, 2, 10), "extended length (64-bit)", length + " bytes"));
        }

        byte[] key = null;
        if (masked) {
            key = new byte[4];
            in.get(key);
            fields.add(new Field(HEX.formatHex(key), "masking key", "payload byte i is XORed with key byte i mod 4"));
        }

        byte[] onWire = new byte[in.remaining()];
        in.get(onWire);
        byte[] payload = onWire.clone();
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i % 4];
            }
        }
        if (payload.length > 0) {
            String meaning = payloadMeaning(opcode, fin, payload);
            if (masked) {
                meaning = "unmasked: " + shown(payload) + "; " + meaning;
            }
            fields.add(new Field(shown(onWire), masked ? "payload (masked)" : "payload", meaning));
        }
        return fields;
    }

    /** The frame as hex; a long payload is cut after {@link #SHOWN_PAYLOAD_BYTES} bytes. */
    public static String hex(byte[] frame, int headerBytes) {
        int end = Math.min(frame.length, headerBytes + SHOWN_PAYLOAD_BYTES);
        String shown = HEX.formatHex(frame, 0, end);
        return end < frame.length ? shown + " … (" + (frame.length - end) + " more bytes)" : shown;
    }

    /** Bytes before the payload: 2, plus 2 or 8 for an extended length, plus 4 for a key. */
    public static int headerBytes(byte[] frame) {
        int length7 = frame[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + ((frame[1] & 0x80) != 0 ? 4 : 0);
    }

    private static String payloadMeaning(int opcode, boolean fin, byte[] payload) {
        String text = utf8(payload);
        return switch (opcode) {
            case FrameEncoder.TEXT -> fin && text != null ? "the text " + quote(text) : payload.length + " bytes of UTF-8 text";
            case FrameEncoder.CLOSE -> payload.length < 2 ? "a close payload must be empty or hold a 2-byte code"
                    : "close code " + (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF))
                    + (payload.length > 2 ? ", reason " + quote(utf8Lenient(payload, 2)) : ", no reason");
            case FrameEncoder.PING, FrameEncoder.PONG -> payload.length + " bytes of application data"
                    + (text != null ? " (" + quote(text) + ")" : "");
            default -> payload.length + " bytes";
        };
    }

    private static String shown(byte[] bytes) {
        if (bytes.length <= SHOWN_PAYLOAD_BYTES) {
            return HEX.formatHex(bytes);
        }
        return HEX.formatHex(bytes, 0, SHOWN_PAYLOAD_BYTES) + " … (" + bytes.length + " bytes in all)";
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
    }

    /** The payload as text if it is valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String utf8Lenient(byte[] bytes, int from) {
        return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    /** The byte in binary, split into the given groups of bits: bits(0x81, 1, 3, 4) is "1 000 0001". */
    private static String bits(int b, int... groups) {
        String all = String.format("%8s", Integer.toBinaryString(b)).replace(' ', '0');
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int group : groups) {
            if (at > 0) {
                out.append(' ');
            }
            out.append(all, at, at + group);
            at += group;
        }
        return out.toString();
    }
}
