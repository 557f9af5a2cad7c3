package dev.realtimelab.live.hub;

/**
 * One event as subscribers receive it: a JSON object, encoded once and handed to every
 * subscriber as is. {@code seq} is the sequence number it goes out with (the SSE {@code id:});
 * {@code kind} is the SSE event name ({@code message}, {@code presence}, {@code notice}, ...).
 */
public record FeedEvent(long seq, String kind, String json) {

    /** Builds an event from name/value pairs, in order: {@code of(12, "message", "seq", 12, "text", "hi")}. */
    public static FeedEvent of(long seq, String kind, Object... fields) {
        return new FeedEvent(seq, kind, Json.object(fields));
    }

    /** Roughly what the event holds in memory, for bounding a history by size. */
    public int weight() {
        return json.length() * 2 + 64;
    }
}
