package dev.realtimelab.exercises.sseresume;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * An event feed that a reconnecting EventSource can resume: it keeps the newest events in a
 * bounded buffer and replays what a client missed after its {@code Last-Event-ID}.
 * See EXERCISE.md in this folder for the exact contract.
 */
public final class ResumableFeed {
    /** One published event; ids count up from 1. */
    public record Event(long id, String data) {
    }

    /** What a reconnecting client is owed: the events to replay, and whether some are missing. */
    public record Replay(List<Event> events, boolean gap) {
    }

    private final int capacity;

    /** A feed that keeps the newest {@code capacity} events for replay. */
    public ResumableFeed(int capacity) {
        this.capacity = capacity;
    }

    /** Publishes one event (a single line of text) and returns the id it was given. */
    public long publish(String data) {
        throw new UnsupportedOperationException("TODO: give the event the next id and keep it in the buffer");
    }

    /** Ends the feed: no more events; open streams finish once they have sent everything. */
    public void end() {
        throw new UnsupportedOperationException("TODO: mark the feed as ended and wake the waiting streams");
    }

    /** The events after {@code lastEventId} (the header's value, maybe null), in order. */
    public Replay replayAfter(String lastEventId) {
        throw new UnsupportedOperationException("TODO: find the events after lastEventId, or report a gap");
    }

    /**
     * Serves the feed to one client as a {@code text/event-stream}: first what it missed after
     * {@code lastEventId}, then every new event, until the feed ends. Answers 204 instead when
     * the feed has ended and the client has everything.
     */
    public void serve(HttpServletResponse response, String lastEventId) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("TODO: 204, or the head, the replay, then live events");
    }
}
