package dev.realtimelab.exercises.sseendpoint;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A Server-Sent Events endpoint written by hand: the response head, the event wire format,
 * a flush after every event and keep-alive comments while nothing happens.
 * See EXERCISE.md in this folder for the exact contract.
 */
public final class SseEndpoint {
    private SseEndpoint() {
    }

    /**
     * One event. {@code id} and {@code type} may be null (then that line is left out);
     * {@code data} is never null and may span several lines.
     */
    public record Event(String id, String type, String data) {
    }

    /** Where the events come from: {@link #serve} pulls them one at a time. */
    public interface Feed {
        /** Waits at most {@code timeout} for the next event; null when none came in time. */
        Event poll(Duration timeout) throws InterruptedException;

        /** True once no event will ever come again (and none is left to poll). */
        boolean isFinished();
    }

    /** Writes one event in the {@code text/event-stream} format. Does not flush. */
    public static void writeEvent(OutputStream out, Event event) throws IOException {
        throw new UnsupportedOperationException(
                "TODO: write the id:, event: and data: lines of the event, then a blank line");
    }

    /** Writes a comment: a line the browser ignores, used as a keep-alive. Does not flush. */
    public static void writeComment(OutputStream out, String text) throws IOException {
        throw new UnsupportedOperationException("TODO: write \": \" + text, then a blank line");
    }

    /**
     * Serves the feed as an event stream on {@code response} and returns once the feed is
     * finished: head first, then each event flushed as it comes, and a comment whenever the
     * feed stays quiet for {@code keepAlive}.
     */
    public static void serve(HttpServletResponse response, Feed feed, Duration keepAlive)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException(
                "TODO: set status and headers, send the head, then write and flush each event");
    }
}
