package dev.realtimelab.exercises.ssefetchclient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

    private static final long DEFAULT_RETRY_MILLIS = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final String token;
    private final List<Event> events = new ArrayList<>();
    private String lastEventId = "";
    private long retryMillis = DEFAULT_RETRY_MILLIS;

    // parsing state: one event being built
    private final StringBuilder data = new StringBuilder();
    private String eventType = "";
    private String lastEventIdBuffer = "";

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
        boolean first = true;
        while (true) {
            if (!first) {
                Thread.sleep(retryMillis);
            }
            first = false;
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .header("Accept", "text/event-stream")
                    .header("Cache-Control", "no-store")
                    .header("Authorization", "Bearer " + token);
            if (!lastEventId.isEmpty()) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 204) {
                    return List.copyOf(events);
                }
                if (response.statusCode() != 200) {
                    throw new RefusedException("the server answered " + response.statusCode());
                }
                String type = response.headers().firstValue("Content-Type").orElse("");
                if (!type.split(";")[0].strip().equalsIgnoreCase("text/event-stream")) {
                    throw new RefusedException("not an event stream: " + type);
                }
                read(body);
            } catch (RefusedException e) {
                throw e;
            } catch (IOException e) {
                // a read that failed ends the stream like an end of stream: reconnect
            }
            // An unfinished event at the end of the stream is discarded.
            data.setLength(0);
            eventType = "";
            lastEventIdBuffer = lastEventId;
        }
    }

    /** The id a reconnect would send ("" for none). */
    public String lastEventId() {
        return lastEventId;
    }

    private void read(InputStream body) throws IOException {
        // readLine ends a line at LF, CR or CRLF, as the format allows; UTF-8 whatever the header says
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String line;
        boolean firstLine = true;
        while ((line = lines.readLine()) != null) {
            if (firstLine && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            firstLine = false;
            line(line);
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return; // a comment
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventIdBuffer = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        retryMillis = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        // too many digits for a long: ignore it
                    }
                }
            }
            default -> {
                // unknown fields are ignored
            }
        }
    }

    private void dispatch() {
        lastEventId = lastEventIdBuffer;
        if (data.length() == 0) {
            eventType = "";
            return;
        }
        data.setLength(data.length() - 1);
        events.add(new Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId));
        data.setLength(0);
        eventType = "";
    }
}
