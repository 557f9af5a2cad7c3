package dev.realtimelab.live.frames;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder against the example frames of RFC 6455 section 5.7, byte for byte. */
class FrameEncoderTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RFC_KEY = hex("37fa213d");

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }

    @Test
    void unmaskedTextHelloIsTheRfcExample() {
        assertArrayEquals(hex("81 05 48 65 6c 6c 6f"), FrameEncoder.encode(true, FrameEncoder.TEXT, HELLO, null));
    }

    @Test
    void maskedTextHelloIsTheRfcExample() {
        assertArrayEquals(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), FrameEncoder.encode(true, FrameEncoder.TEXT, HELLO, RFC_KEY));
    }

    @Test
    void fragmentedTextIsTheRfcExample() {
        List<byte[]> frames = FrameEncoder.encodeMessage(FrameEncoder.TEXT, HELLO, 2, null);
        assertEquals(2, frames.size());
        assertArrayEquals(hex("01 03 48 65 6c"), frames.get(0), "first fragment: no FIN, opcode text, \"Hel\"");
        assertArrayEquals(hex("80 02 6c 6f"), frames.get(1), "last fragment: FIN, opcode continuation, \"lo\"");
    }

    @Test
    void pingAndMaskedPongAreTheRfcExamples() {
        assertArrayEquals(hex("89 05 48 65 6c 6c 6f"), FrameEncoder.encode(true, FrameEncoder.PING, HELLO, null));
        assertArrayEquals(hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"), FrameEncoder.encode(true, FrameEncoder.PONG, HELLO, RFC_KEY));
    }

    @Test
    void binaryOf256BytesUsesThe16BitLength() {
        byte[] payload = new byte[256];
        Arrays.fill(payload, (byte) 0x2a);
        byte[] frame = FrameEncoder.encode(true, FrameEncoder.BINARY, payload, null);
        assertArrayEquals(hex("82 7e 01 00"), Arrays.copyOf(frame, 4));
        assertEquals(4 + 256, frame.length);
        assertArrayEquals(payload, Arrays.copyOfRange(frame, 4, frame.length));
    }

    @Test
    void binaryOf64KiBUsesThe64BitLength() {
        byte[] payload = new byte[65536];
        byte[] frame = FrameEncoder.encode(true, FrameEncoder.BINARY, payload, null);
        assertArrayEquals(hex("82 7f 00 00 00 00 00 01 00 00"), Arrays.copyOf(frame, 10));
        assertEquals(10 + 65536, frame.length);
    }

    @Test
    void theShortestLengthFormIsAlwaysChosen() {
        assertArrayEquals(hex("82 7d"), Arrays.copyOf(FrameEncoder.encode(true, FrameEncoder.BINARY, new byte[125], null), 2));
        assertArrayEquals(hex("82 7e 00 7e"), Arrays.copyOf(FrameEncoder.encode(true, FrameEncoder.BINARY, new byte[126], null), 4));
        assertArrayEquals(hex("82 7e ff ff"), Arrays.copyOf(FrameEncoder.encode(true, FrameEncoder.BINARY, new byte[65535], null), 4));
        assertEquals((byte) 0x7f, FrameEncoder.encode(true, FrameEncoder.BINARY, new byte[65536], null)[1]);
    }

    @Test
    void maskedLongFrameHasTheKeyAfterTheExtendedLength() {
        byte[] payload = new byte[300];
        byte[] frame = FrameEncoder.encode(true, FrameEncoder.BINARY, payload, RFC_KEY);
        assertArrayEquals(hex("82 fe 01 2c 37 fa 21 3d"), Arrays.copyOf(frame, 8));
        // zero bytes XOR the key give the key, repeated
        assertArrayEquals(hex("37 fa 21 3d 37 fa 21 3d"), Arrays.copyOfRange(frame, 8, 16));
    }

    @Test
    void closePayloadIsTheCodeThenTheUtf8Reason() {
        assertArrayEquals(hex("03 e8 62 79 65"), FrameEncoder.closePayload(1000, "bye"));
        assertArrayEquals(hex("88 05 03 e8 62 79 65"),
                FrameEncoder.encode(true, FrameEncoder.CLOSE, FrameEncoder.closePayload(1000, "bye"), null));
        assertArrayEquals(hex("0f a0"), FrameEncoder.closePayload(4000, ""));
    }

    @Test
    void closeCodesThatAreNeverSentAreRefused() {
        for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
            assertFalse(FrameEncoder.isSendableCloseCode(code), "code " + code);
            assertThrows(IllegalArgumentException.class, () -> FrameEncoder.closePayload(code, ""));
        }
        for (int code : new int[] {1000, 1001, 1008, 1009, 1011, 3000, 4999}) {
            assertTrue(FrameEncoder.isSendableCloseCode(code), "code " + code);
        }
    }

    @Test
    void closeReasonIsLimitedTo123Bytes() {
        FrameEncoder.closePayload(1000, "x".repeat(123));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.closePayload(1000, "x".repeat(124)));
        // 62 two-byte characters are 124 bytes, though only 62 characters
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.closePayload(1000, "é".repeat(62)));
    }

    @Test
    void controlFramesAreShortAndNeverFragmented() {
        FrameEncoder.encode(true, FrameEncoder.PING, new byte[125], null);
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(true, FrameEncoder.PING, new byte[126], null));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(false, FrameEncoder.PING, HELLO, null));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encodeMessage(FrameEncoder.CLOSE, HELLO, 2, null));
    }

    @Test
    void reservedOpcodesAndShortKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(true, 0x3, HELLO, null));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(true, 0xB, HELLO, null));
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(true, FrameEncoder.TEXT, HELLO, new byte[3]));
    }

    @Test
    void fragmentsEachGetTheirOwnKeyAndOnlyTheLastHasFin() {
        byte[][] keys = {hex("01020304"), hex("05060708"), hex("090a0b0c")};
        int[] next = {0};
        List<byte[]> frames = FrameEncoder.encodeMessage(FrameEncoder.BINARY, new byte[9], 3, () -> keys[next[0]++]);
        assertEquals(3, frames.size());
        assertEquals((byte) 0x02, frames.get(0)[0]);
        assertEquals((byte) 0x00, frames.get(1)[0]);
        assertEquals((byte) 0x80, frames.get(2)[0]);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(keys[i], Arrays.copyOfRange(frames.get(i), 2, 6));
        }
    }

    @Test
    void anatomyReadsTheMaskedRfcExampleBack() {
        List<FrameAnatomy.Field> fields = FrameAnatomy.describe(hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertEquals(List.of("81", "85", "37 fa 21 3d", "7f 9f 4d 51 58"), fields.stream().map(FrameAnatomy.Field::hex).toList());
        assertTrue(fields.get(0).meaning().contains("1 000 0001"), fields.get(0).meaning());
        assertTrue(fields.get(0).meaning().contains("text"), fields.get(0).meaning());
        assertTrue(fields.get(1).meaning().contains("MASK=1"), fields.get(1).meaning());
        assertTrue(fields.get(3).meaning().contains("48 65 6c 6c 6f"), fields.get(3).meaning());
        assertTrue(fields.get(3).meaning().contains("\"Hello\""), fields.get(3).meaning());
    }

    @Test
    void anatomyReadsExtendedLengthsAndClosePayloads() {
        List<FrameAnatomy.Field> fields = FrameAnatomy.describe(FrameEncoder.encode(true, FrameEncoder.BINARY, new byte[256], null));
        assertEquals("01 00", fields.get(2).hex());
        assertEquals("256 bytes", fields.get(2).meaning());
        List<FrameAnatomy.Field> close = FrameAnatomy.describe(hex("88 05 03 e8 62 79 65"));
        assertTrue(close.get(2).meaning().contains("close code 1000, reason \"bye\""), close.get(2).meaning());
    }
}
