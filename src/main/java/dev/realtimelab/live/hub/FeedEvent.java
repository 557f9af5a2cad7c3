package dev.realtimelab.live.hub;

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
    private volatile byte[] wire;

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
     * The event as a transport writes it, made by {@code encoder} for the first member that asks
     * and reused for the rest: a room of a thousand event streams encodes each event once.
     */
    public byte[] wire(Function<FeedEvent, byte[]> encoder) {
        byte[] bytes = wire;
        if (bytes == null) {
            bytes = encoder.apply(this);
            wire = bytes;
        }
        return bytes;
    }

    /** Roughly what the event holds in memory, for bounding a history by size. */
    public int weight() {
        return json.length() * 2 + 64;
    }
}
