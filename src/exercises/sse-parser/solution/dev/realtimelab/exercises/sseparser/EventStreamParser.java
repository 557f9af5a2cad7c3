package dev.realtimelab.exercises.sseparser;

import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Parses a {@code text/event-stream} the way a browser's EventSource does (WHATWG HTML,
 * "Server-sent events", "Event stream interpretation"): text goes in chunk by chunk, cut
 * anywhere, and events come out through the listener.
 */
public final class EventStreamParser {
    /** One dispatched event: its type ("message" by default), its data, and the last event id. */
    public record Event(String type, String data, String lastEventId) {
    }

    private final Consumer<Event> listener;

    /** The line being read; it may span several chunks. */
    private final StringBuilder line = new StringBuilder();
    private boolean atStart = true;          // a BOM is stripped only as the very first character
    private boolean afterCarriageReturn;     // an LF right after a CR belongs to the same line ending
    private boolean ended;

    // The buffers of the event being built, as the spec names them.
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";

    // What the event source remembers between events.
    private String lastEventId = "";
    private OptionalLong retry = OptionalLong.empty();

    public EventStreamParser(Consumer<Event> listener) {
        this.listener = listener;
    }

    /** Feeds the next piece of the stream; calls the listener for each event it completes. */
    public void feed(String chunk) {
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (atStart) {
                atStart = false;
                if (c == '\uFEFF') {
                    continue;
                }
            }
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (c == '\n') {
                    continue; // the second half of a CRLF, possibly from the next chunk
                }
            }
            if (c == '\r') {
                // A CR ends the line now; do not wait to see whether an LF follows,
                // or an event ending in CR CR would wait for the next chunk.
                afterCarriageReturn = true;
                processLine();
            } else if (c == '\n') {
                processLine();
            } else {
                line.append(c);
            }
        }
    }

    /** The stream has ended: whatever has not been dispatched yet is discarded. */
    public void end() {
        ended = true;
        line.setLength(0);
        data.setLength(0);
        eventType = "";
    }

    /** The id a reconnecting browser would send as Last-Event-ID: set when an event is dispatched. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time from the last valid retry field, in milliseconds; empty if none yet. */
    public OptionalLong retry() {
        return retry;
    }

    private void processLine() {
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return; // a comment
        }
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1); // exactly one space, never a tab
        }
        switch (name) { // case-sensitive: "Data" is an unknown field
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (isAsciiDigits(value)) {
                    try {
                        retry = OptionalLong.of(Long.parseLong(value));
                    } catch (NumberFormatException tooBig) {
                        // more than a long can hold: not a delay anyone means, ignore it
                    }
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer; // the id persists until a later id field changes it
        if (data.length() == 0) {
            eventType = "";
            return; // no data line: nothing to dispatch
        }
        data.setLength(data.length() - 1); // remove the one trailing newline
        Event event = new Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId);
        data.setLength(0);
        eventType = "";
        listener.accept(event);
    }

    /** Only 0-9: Character.isDigit would also accept digits of other scripts. */
    private static boolean isAsciiDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
