package dev.realtimelab.live.frames;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /demos/frames}: the frames a message becomes in each direction, as hex with every
 * field explained. Parameters: {@code type} (text, binary, ping, pong, close), {@code text}
 * (the message, or the close reason), {@code size} (repeat the text to this many bytes, to
 * reach the longer length forms), {@code fragments}, {@code key} (8 hex digits; random if
 * absent), {@code masked} (false shows a client frame a server must reject), {@code code}
 * (close only). Bad input gets 400 and a JSON {@code error} that says what to fix.
 */
public final class FramesDemo {
    public static final String PATH = "/demos/frames";
    public static final int MAX_TEXT_BYTES = 1000;
    /** Enough to reach the 64-bit length form (65,536 bytes and up). */
    public static final int MAX_SIZE = 70_000;
    public static final int MAX_FRAGMENTS = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    public record Frame(String hex, int bytes, int headerBytes, List<FrameAnatomy.Field> fields) {}

    public record Direction(boolean masked, List<Frame> frames, long totalBytes, long overheadBytes) {}

    public record Answer(String type, int payloadBytes, Direction clientToServer, Direction serverToClient) {}

    public void register(JavalinConfig config) {
        config.routes.get(PATH, this::handle);
    }

    private void handle(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        try {
            ctx.json(answer(ctx.queryParam("type"), Objects.requireNonNullElse(ctx.queryParam("text"), ""),
                    ctx.queryParam("size"), ctx.queryParam("fragments"), ctx.queryParam("key"),
                    ctx.queryParam("masked"), ctx.queryParam("code")));
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
        }
    }

    /** Validates the raw parameters and encodes; throws IllegalArgumentException with a message for the learner. */
    static Answer answer(String type, String text, String size, String fragments, String key, String masked, String code) {
        int opcode = switch (type == null ? "" : type) {
            case "text" -> FrameEncoder.TEXT;
            case "binary" -> FrameEncoder.BINARY;
            case "ping" -> FrameEncoder.PING;
            case "pong" -> FrameEncoder.PONG;
            case "close" -> FrameEncoder.CLOSE;
            default -> throw new IllegalArgumentException("type must be text, binary, ping, pong or close");
        };
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        if (textBytes.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("the text may be at most " + MAX_TEXT_BYTES + " bytes of UTF-8 (use size to make a long payload)");
        }
        int pieces = number(fragments, "fragments", 1, 1, MAX_FRAGMENTS);
        boolean control = FrameEncoder.isControl(opcode);
        if (control && pieces > 1) {
            throw new IllegalArgumentException("control frames (ping, pong, close) are never fragmented (RFC 6455 section 5.5)");
        }
        if (control && size != null && !size.isBlank()) {
            throw new IllegalArgumentException("size is for text and binary messages; control frames carry at most 125 bytes");
        }

        byte[] payload;
        if (opcode == FrameEncoder.CLOSE) {
            int closeCode = number(code, "code", 1000, 0, 65535);
            if (!FrameEncoder.isSendableCloseCode(closeCode)) {
                throw new IllegalArgumentException("close code " + closeCode + " may not be sent: use 1000-1003, 1007-1014 or 3000-4999"
                        + " (1005, 1006 and 1015 are only reported locally, never sent)");
            }
            payload = FrameEncoder.closePayload(closeCode, text);
        } else if (size != null && !size.isBlank()) {
            payload = repeat(textBytes, number(size, "size", 0, 0, MAX_SIZE), opcode == FrameEncoder.TEXT);
        } else {
            payload = textBytes;
        }
        if (control && payload.length > FrameEncoder.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("a " + type + " frame carries at most 125 bytes; this payload is " + payload.length);
        }
        if (pieces > 1 && pieces > payload.length) {
            throw new IllegalArgumentException("cannot cut " + payload.length + " bytes into " + pieces + " fragments");
        }

        Supplier<byte[]> keys = maskKeys(key);
        boolean clientMasks = masked == null || masked.isBlank() || Boolean.parseBoolean(masked);
        return new Answer(type, payload.length,
                direction(FrameEncoder.encodeMessage(opcode, payload, pieces, clientMasks ? keys : null), clientMasks),
                direction(FrameEncoder.encodeMessage(opcode, payload, pieces, null), false));
    }

    /** A fixed key (the RFC's 37 fa 21 3d, say) or a fresh random one per frame, as section 5.3 asks of clients. */
    private static Supplier<byte[]> maskKeys(String key) {
        if (key == null || key.isBlank()) {
            return () -> {
                byte[] fresh = new byte[4];
                RANDOM.nextBytes(fresh);
                return fresh;
            };
        }
        String digits = key.replace(" ", "");
        if (!digits.matches("[0-9a-fA-F]{8}")) {
            throw new IllegalArgumentException("key must be 8 hex digits, like 37fa213d (or empty for a random key)");
        }
        byte[] fixed = HexFormat.of().parseHex(digits);
        return fixed::clone;
    }

    private static byte[] repeat(byte[] unit, int size, boolean text) {
        if (size > 0 && unit.length == 0) {
            throw new IllegalArgumentException("type some text to repeat up to " + size + " bytes");
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        // A cut inside a multi-byte character would make invalid UTF-8, which a receiver closes with 1007.
        if (text && size > 0 && size % unit.length != 0 && (unit[size % unit.length] & 0xC0) == 0x80) {
            throw new IllegalArgumentException("size " + size + " would cut a character of the text in half; pick another size");
        }
        return out;
    }

    private static Direction direction(List<byte[]> encoded, boolean masked) {
        long total = 0;
        long overhead = 0;
        List<Frame> frames = new ArrayList<>();
        for (byte[] frame : encoded) {
            int header = FrameAnatomy.headerBytes(frame);
            frames.add(new Frame(FrameAnatomy.hex(frame, header), frame.length, header, FrameAnatomy.describe(frame)));
            total += frame.length;
            overhead += header;
        }
        return new Direction(masked, frames, total, overhead);
    }

    private static int number(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }
}
