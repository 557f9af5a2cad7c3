package dev.realtimelab.exercises.sseparser;

import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Parses a {@code text/event-stream} the way a browser's EventSource does (WHATWG HTML,
 * "Server-sent events", "Event stream interpretation"): text goes in chunk by chunk, cut
 * anywhere, and events come out through the listener. See EXERCISE.md for the rules.
 */
public final class EventStreamParser {
    /** One dispatched event: its type ("message" by default), its data, and the last event id. */
    public record Event(String type, String data, String lastEventId) {
    }

    private final Consumer<Event> listener;

    public EventStreamParser(Consumer<Event> listener) {
        this.listener = listener;
    }

    /** Feeds the next piece of the stream; calls the listener for each event it completes. */
    public void feed(String chunk) {
        throw new UnsupportedOperationException(
                "TODO: split the text into lines (CRLF, LF or CR), keeping an unfinished line for the next chunk");
    }

    /** The stream has ended: whatever has not been dispatched yet is discarded. */
    public void end() {
        throw new UnsupportedOperationException("TODO: discard the unfinished event");
    }

    /** The id a reconnecting browser would send as Last-Event-ID: set when an event is dispatched. */
    public String lastEventId() {
        throw new UnsupportedOperationException("TODO: return the last event id (\"\" before any)");
    }

    /** The reconnection time from the last valid retry field, in milliseconds; empty if none yet. */
    public OptionalLong retry() {
        throw new UnsupportedOperationException("TODO: return the reconnection time set by a retry field");
    }
}
