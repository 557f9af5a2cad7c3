package dev.realtimelab.live.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One event as subscribers receive it: a JSON object, encoded once and handed to every
 * subscriber as is. {@code seq} is the sequence number it goes out with (the SSE {@code id:});
 * {@code kind} is the SSE event name ({@code message}, {@code presence}, {@code notice}, ...).
 */
public final class FeedEvent {
    private final long seq;
    private final String kind;
    private final String json;
    private volatile ByteBuffer wire;
    private volatile ByteBuffer jsonUtf8;

    public FeedEvent(long seq, String kind, String json) {
        this.seq = seq;
        this.kind = kind;
        this.json = json;
    }

    /** Builds an event from name/value pairs, in order: {@code of(12, "message", "seq", 12, "text", "hi")}. */
    public static FeedEvent of(long seq, String kind, Object... fields) {
        return new FeedEvent(seq, kind, Json.object(fields));
    }

    public long seq() {
        return seq;
    }

    public String kind() {
        return kind;
    }

    public String json() {
        return json;
    }

    /**
     * The JSON in UTF-8, encoded once for every member that sends it as is (a WebSocket text
     * message). See {@link #wire} for how the bytes are shared.
     */
    public ByteBuffer jsonUtf8() {
        ByteBuffer bytes = jsonUtf8;
        if (bytes == null) {
            bytes = offHeap(json.getBytes(StandardCharsets.UTF_8));
            jsonUtf8 = bytes;
        }
        return bytes.asReadOnlyBuffer();
    }

    /**
     * The event as a transport writes it, made by {@code encoder} for the first member that asks
     * and reused for the rest: a room of a thousand event streams encodes each event once. The
     * bytes sit outside the heap, where a socket writes from without copying them first; each
     * call returns its own read-only view of them, so one member's write moves only its own.
     */
    public ByteBuffer wire(Function<FeedEvent, byte[]> encoder) {
        ByteBuffer bytes = wire;
        if (bytes == null) {
            bytes = offHeap(encoder.apply(this));
            wire = bytes;
        }
        return bytes.asReadOnlyBuffer();
    }

    private static ByteBuffer offHeap(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    /** Roughly what the event holds in memory, for bounding a history by size. */
    public int weight() {
        return json.length() * 2 + 64;
    }
}
