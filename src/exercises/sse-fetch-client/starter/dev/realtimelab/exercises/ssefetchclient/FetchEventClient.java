package dev.realtimelab.exercises.ssefetchclient;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * An event-stream client without EventSource: plain HTTP requests that may carry any header,
 * read line by line, parsed by the rules of the WHATWG HTML standard, and resumed with
 * {@code Last-Event-ID} after the stream ends. See EXERCISE.md in this folder for the contract.
 */
public final class FetchEventClient {
    /** One dispatched event: its type ("message" unless named), its data, and the last event id then. */
    public record Event(String type, String data, String lastEventId) {
    }

    /** The server said no for good: a status other than 200 and 204, or not text/event-stream. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    private final URI url;
    private final String token;

    /** A client of {@code url} that sends {@code Authorization: Bearer token} with every request. */
    public FetchEventClient(URI url, String token) {
        this.url = url;
        this.token = token;
    }

    /**
     * Reads the stream, reconnecting after each end of stream (or a read that fails) with
     * {@code Last-Event-ID}, until the server answers 204; returns every event received, in order.
     */
    public List<Event> readAll() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("TODO: request, read line by line, parse, reconnect with Last-Event-ID");
    }

    /** The id a reconnect would send ("" for none). */
    public String lastEventId() {
        throw new UnsupportedOperationException("TODO: the last event id, as the parser keeps it");
    }
}
