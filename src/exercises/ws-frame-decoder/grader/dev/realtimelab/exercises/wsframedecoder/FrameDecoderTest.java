package dev.realtimelab.exercises.wsframedecoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtimelab.exercises.wsframedecoder.FrameDecoder.Message;
import dev.realtimelab.exercises.wsframedecoder.FrameDecoder.ProtocolViolation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grades the ws-frame-decoder exercise with the RFC 6455 section 5.7 examples and broken frames. */
@Tag("exercise")
@Tag("ws-frame-decoder")
@DisplayName("ws-frame-decoder: decode WebSocket frames")
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameDecoderTest {
    private static final int LIMIT = 1 << 20;
    private static final byte[] MASK = bytes("37 fa 21 3d");

    @Test
    @DisplayName("decodes the RFC's unmasked and masked \"Hello\" frames")
    void decodesRfcHello() throws ProtocolViolation {
        List<Message> fromServer = FrameDecoder.forClient(LIMIT).feed(bytes("81 05 48 65 6c 6c 6f"));
        assertEquals(1, fromServer.size(), "81 05 48 65 6c 6c 6f is one frame: FIN, text, length 5, \"Hello\"");
        assertMessage(FrameDecoder.TEXT, "Hello", fromServer.get(0), "the RFC's unmasked text frame");

        List<Message> fromClient = FrameDecoder.forServer(LIMIT).feed(bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertEquals(1, fromClient.size(), "81 85 37 fa 21 3d 7f 9f 4d 51 58 is one masked frame");
        assertMessage(FrameDecoder.TEXT, "Hello", fromClient.get(0),
                "the RFC's masked text frame: the mask key is 37 fa 21 3d, and payload byte i is XORed with key[i % 4]");
    }

    @Test
    @DisplayName("decodes frames that arrive cut into pieces, or several at once")
    void handlesPieces() throws ProtocolViolation {
        FrameDecoder decoder = FrameDecoder.forServer(LIMIT);
        byte[] frame = bytes("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        for (int i = 0; i < frame.length - 1; i++) {
            assertEquals(List.of(), decoder.feed(new byte[] {frame[i]}),
                    "after " + (i + 1) + " of the frame's 11 bytes nothing is complete: keep the bytes and wait for more");
        }
        List<Message> last = decoder.feed(new byte[] {frame[frame.length - 1]});
        assertEquals(1, last.size(), "the 11th byte completes the frame");
        assertMessage(FrameDecoder.TEXT, "Hello", last.get(0), "the frame fed one byte at a time");

        byte[] two = concat(frame, maskedFrame(0x89, bytes("70 69 6e 67")), frame);
        List<Message> all = FrameDecoder.forServer(LIMIT).feed(two);
        assertEquals(3, all.size(), "three frames arrived in one read: return all three messages, in order");
        assertMessage(FrameDecoder.PING, "ping", all.get(1), "the second frame is a ping");
    }

    @Test
    @DisplayName("reads 16-bit and 64-bit payload lengths")
    void readsLongLengths() throws ProtocolViolation {
        byte[] payload256 = pattern(256);
        List<Message> medium = FrameDecoder.forClient(LIMIT).feed(concat(bytes("82 7e 01 00"), payload256));
        assertEquals(1, medium.size(), "82 7E 01 00 + 256 bytes: length 126 means the real length follows in 16 bits");
        assertEquals(FrameDecoder.BINARY, medium.get(0).opcode(), "opcode 2 is binary");
        assertArrayEquals(payload256, medium.get(0).payload(), "the 256-byte payload (RFC 6455 section 5.7)");

        byte[] payload64k = pattern(65536);
        List<Message> large = FrameDecoder.forClient(LIMIT).feed(concat(bytes("82 7f 00 00 00 00 00 01 00 00"), payload64k));
        assertEquals(1, large.size(), "82 7F + 8 bytes: length 127 means the real length follows in 64 bits");
        assertArrayEquals(payload64k, large.get(0).payload(), "the 65,536-byte payload (RFC 6455 section 5.7)");
    }

    @Test
    @DisplayName("joins fragments, and delivers control frames that arrive between them")
    void joinsFragments() throws ProtocolViolation {
        FrameDecoder decoder = FrameDecoder.forClient(LIMIT);
        assertEquals(List.of(), decoder.feed(bytes("01 03 48 65 6c")),
                "01 03 48 65 6c is the first fragment (FIN 0, text, \"Hel\"): no message yet");
        List<Message> ping = decoder.feed(bytes("89 05 48 65 6c 6c 6f"));
        assertEquals(1, ping.size(), "a ping between two fragments must be delivered at once (pongs cannot wait)");
        assertMessage(FrameDecoder.PING, "Hello", ping.get(0), "the ping between the fragments");
        List<Message> end = decoder.feed(bytes("80 02 6c 6f"));
        assertEquals(1, end.size(), "80 02 6c 6f is the last fragment (FIN 1, continuation): the message is complete");
        assertMessage(FrameDecoder.TEXT, "Hello", end.get(0),
                "the fragments \"Hel\" and \"lo\" join into one text message (its type comes from the first fragment)");
    }

    @Test
    @DisplayName("checks UTF-8 on the whole text message, and closes with 1007 when it is invalid")
    void checksUtf8() throws ProtocolViolation {
        FrameDecoder decoder = FrameDecoder.forClient(LIMIT);
        decoder.feed(bytes("01 01 c3"));
        List<Message> split = decoder.feed(bytes("80 01 a9"));
        assertEquals(1, split.size(), "the character é (c3 a9) split between two fragments");
        assertMessage(FrameDecoder.TEXT, "é", split.get(0),
                "a character may be split between fragments: check UTF-8 on the joined message, not on each fragment");

        for (String invalid : List.of("c3 28", "ff", "ed a0 80", "c0 af", "e2 82")) {
            byte[] payload = bytes(invalid);
            byte[] frame = concat(new byte[] {(byte) 0x81, (byte) payload.length}, payload);
            ProtocolViolation error = assertThrows(ProtocolViolation.class, () -> FrameDecoder.forClient(LIMIT).feed(frame),
                    "a text message with the bytes " + invalid + " is not valid UTF-8: throw ProtocolViolation");
            assertEquals(1007, error.closeCode(), "invalid UTF-8 in a text message closes with 1007 (invalid data), not "
                    + error.closeCode());
        }
        List<Message> binary = FrameDecoder.forClient(LIMIT).feed(bytes("82 02 c3 28"));
        assertArrayEquals(bytes("c3 28"), binary.get(0).payload(), "a binary message may hold any bytes");
    }

    static Stream<Arguments> protocolErrors() {
        return Stream.of(
                Arguments.of("RSV1 set without an extension", false, "c1 00"),
                Arguments.of("RSV3 set without an extension", false, "91 00"),
                Arguments.of("reserved data opcode 3", false, "83 00"),
                Arguments.of("reserved control opcode B", false, "8b 00"),
                Arguments.of("an unmasked frame from a client", true, "81 05 48 65 6c 6c 6f"),
                Arguments.of("a masked frame from a server", false, "81 85 37 fa 21 3d 7f 9f 4d 51 58"),
                Arguments.of("length 5 sent in 16 bits (126 + 00 05)", false, "81 7e 00 05 48 65 6c 6c 6f"),
                Arguments.of("length 256 sent in 64 bits", false, "82 7f 00 00 00 00 00 00 01 00"),
                Arguments.of("a 64-bit length with its top bit set", false, "82 7f 80 00 00 00 00 00 00 05"),
                Arguments.of("a fragmented ping (FIN 0)", false, "09 00"),
                Arguments.of("a ping of 126 bytes", false, "89 7e 00 7e"),
                Arguments.of("a continuation frame with no message started", false, "80 02 6c 6f"),
                Arguments.of("a new text frame while a fragmented message is open", false, "01 01 61 81 01 62"));
    }

    @ParameterizedTest(name = "1002 for {0}")
    @MethodSource("protocolErrors")
    @DisplayName("closes with 1002 on a protocol error")
    void rejectsProtocolErrors(String what, boolean serverSide, String hex) {
        FrameDecoder decoder = serverSide ? FrameDecoder.forServer(LIMIT) : FrameDecoder.forClient(LIMIT);
        ProtocolViolation error = assertThrows(ProtocolViolation.class, () -> decoder.feed(bytes(hex)),
                what + " (" + hex + ") breaks RFC 6455: throw ProtocolViolation as soon as the header shows it");
        assertEquals(1002, error.closeCode(), what + " is a protocol error: close code 1002, not " + error.closeCode());
    }

    @Test
    @DisplayName("closes with 1009 as soon as a header announces too much, before the payload")
    void rejectsTooBig() throws ProtocolViolation {
        FrameDecoder decoder = FrameDecoder.forServer(1024);
        ProtocolViolation huge = assertThrows(ProtocolViolation.class,
                () -> decoder.feed(concat(bytes("82 ff 00 00 01 00 00 00 00 00"), MASK)),
                "this header announces 2^40 bytes (a terabyte) with a limit of 1024: throw at once, from the header"
                        + " alone, and never allocate what a header claims");
        assertEquals(1009, huge.closeCode(), "a message over the limit closes with 1009 (too big)");

        FrameDecoder fragmented = FrameDecoder.forServer(1024);
        assertEquals(List.of(), fragmented.feed(maskedFrame(0x02, new byte[600])),
                "a first fragment of 600 bytes (FIN 0, binary) is within the limit of 1024");
        ProtocolViolation tooMany = assertThrows(ProtocolViolation.class,
                () -> fragmented.feed(concat(bytes("80 fe 01 f4"), MASK)),
                "600 bytes so far and a last fragment announcing 500 more: the MESSAGE would be 1100 bytes, over the"
                        + " limit of 1024. Count the fragments already joined, and throw from the header");
        assertEquals(1009, tooMany.closeCode(), "a message over the limit closes with 1009 (too big)");
    }

    // ---- helpers ----

    private static void assertMessage(int opcode, String text, Message message, String what) {
        assertEquals(opcode, message.opcode(), what + ": opcode");
        assertEquals(text, new String(message.payload(), StandardCharsets.UTF_8), what + ": payload");
    }

    /** A masked frame with FIN and the given first byte's opcode bits, as a client sends it. */
    private static byte[] maskedFrame(int firstByte, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126) {
            out.write(0x80 | payload.length);
        } else {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(MASK);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ MASK[i % 4]);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String hex) {
        return HexFormat.ofDelimiter(" ").parseHex(hex);
    }

    private static byte[] pattern(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        return payload;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
