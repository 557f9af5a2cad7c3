package dev.realtimelab.exercises.sseendpoint;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Server-Sent Events endpoint written by hand: the response head, the event wire format,
 * a flush after every event and keep-alive comments while nothing happens.
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
        if (event.data() == null) {
            throw new IllegalArgumentException("an event needs data; without a data line the browser dispatches nothing");
        }
        StringBuilder text = new StringBuilder();
        if (event.id() != null) {
            text.append("id: ").append(singleLine("id", event.id())).append('\n');
        }
        if (event.type() != null) {
            text.append("event: ").append(singleLine("event type", event.type())).append('\n');
        }
        // A line break inside data would end the field: each line gets its own data: line,
        // and the browser joins them again with \n.
        for (String line : event.data().split("\r\n|\r|\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        text.append('\n'); // the blank line dispatches the event
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a comment: a line the browser ignores, used as a keep-alive. Does not flush. */
    public static void writeComment(OutputStream out, String text) throws IOException {
        out.write((": " + singleLine("comment", text) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Serves the feed as an event stream on {@code response} and returns once the feed is
     * finished: head first, then each event flushed as it comes, and a comment whenever the
     * feed stays quiet for {@code keepAlive}.
     */
    public static void serve(HttpServletResponse response, Feed feed, Duration keepAlive)
            throws IOException, InterruptedException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8"); // event streams are always UTF-8
        response.setHeader("Cache-Control", "no-store"); // every client needs its own live stream
        response.setHeader("X-Accel-Buffering", "no"); // asks nginx not to buffer the stream
        OutputStream out = response.getOutputStream();
        out.flush(); // sends the head now: EventSource opens before the first event exists

        while (!feed.isFinished()) {
            Event event = feed.poll(keepAlive);
            if (event != null) {
                writeEvent(out, event);
            } else if (!feed.isFinished()) {
                // Quiet for a while: a few bytes keep proxies from closing an idle connection.
                writeComment(out, "keep-alive");
            } else {
                break;
            }
            out.flush(); // without it the event waits in the server's buffer, maybe for minutes
        }
    }

    /** Refuses a value with a line break or NUL: it would end the line early or be ignored. */
    private static String singleLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain CR, LF or NUL: " + value.replace("\0", "\\0"));
        }
        return value;
    }
}
