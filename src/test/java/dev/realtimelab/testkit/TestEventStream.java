package dev.realtimelab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The tests' one event-stream reader: a streaming GET with java.net.http, read on a thread of
 * its own. Two views of the same stream, each with its own cursor: the lines as the server wrote
 * them ({@link #nextLine}, {@link #nextBlock}), and the events an EventSource would dispatch
 * ({@link #inbox}, {@link #next}). Deliberately not a full EventSource: it never reconnects.
 */
public final class TestEventStream implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final String END = "\u0000end of stream";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The lines of one block, up to the blank line that ends it. */
    public record Block(List<String> lines) {
        public String field(String name) {
            return lines.stream().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                    .findFirst().orElse(null);
        }

        public String id() {
            return field("id");
        }

        public String event() {
            return field("event");
        }

        /** The data lines joined with newlines, as EventSource joins them; null without data. */
        public String data() {
            List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            return data.isEmpty() ? null : String.join("\n", data);
        }

        public boolean isEvent() {
            return data() != null;
        }
    }

    /** One dispatched event: its last id (null if none yet), its type ("message" if none), its data. */
    public record Event(String id, String event, String data, long receivedNanos) {
        public JsonNode json() {
            return TestSocket.json(data);
        }
    }

    /** Every dispatched event, in order. */
    public final Inbox<Event> inbox = new Inbox<>();
    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private TestEventStream(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "test-event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the stream and returns as soon as the response head has arrived, or fails after
     * {@link #WAIT}: a server that holds back its head until the first event fails here.
     */
    public static TestEventStream open(HttpClient http, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new TestEventStream(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new AssertionError("no response head from " + uri + " within " + WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new AssertionError("GET " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static TestEventStream open(HttpClient http, URI uri) {
        return open(http, uri, Map.of());
    }

    public static TestEventStream open(URI uri, Map<String, String> headers) {
        return open(CLIENT, uri, headers);
    }

    /** {@code path} of the app, resuming after {@code lastEventId} when it is not null. */
    public static TestEventStream open(TestApp app, String path, String lastEventId) {
        return open(app.http(), app.uri(path), lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
    }

    /** Fails unless the answer is 200 with an event stream. */
    public TestEventStream requireOpen() {
        if (status() != 200 || !contentType().startsWith("text/event-stream")) {
            throw new AssertionError("the stream answered " + status() + " " + response.headers().map());
        }
        return this;
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    private void read() {
        // BufferedReader ends lines at CRLF, LF or CR: the same three the event-stream format allows.
        String id = null;
        String event = null;
        StringBuilder data = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (data != null) {
                        inbox.add(new Event(id, event == null ? "message" : event, data.toString(), System.nanoTime()));
                    }
                    event = null;
                    data = null;
                    continue;
                }
                int colon = line.indexOf(':');
                String name = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) {
                    value = value.substring(1);
                }
                switch (name) {
                    case "id" -> id = value;
                    case "event" -> event = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { } // a comment, retry, or an unknown field
                }
            }
        } catch (IOException e) {
            // closed by the test, or the connection died: either way the stream has ended
        }
        lines.add(END);
    }

    /** The next line; fails if none comes within {@link #WAIT} or the stream ended. */
    public String nextLine() {
        String line = poll(WAIT);
        if (line == null) {
            throw new AssertionError("no line within " + WAIT.toSeconds() + " s");
        }
        if (line.equals(END)) {
            lines.add(END);
            throw new AssertionError("the stream ended");
        }
        return line;
    }

    /** The next block of lines up to a blank line (events, comments, a retry line). */
    public Block nextBlock() {
        List<String> block = new ArrayList<>();
        for (String line = nextLine(); !line.isEmpty(); line = nextLine()) {
            block.add(line);
        }
        return new Block(block);
    }

    /** The next block that carries data: the next thing EventSource would dispatch. */
    public Block nextEvent() {
        for (Block block = nextBlock(); ; block = nextBlock()) {
            if (block.isEvent()) {
                return block;
            }
        }
    }

    /** Waits until the server ends the response; fails if it does not within {@code timeout}. */
    public void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                throw new AssertionError("the server did not end the stream within " + timeout.toSeconds() + " s");
            }
            if (line.equals(END)) {
                lines.add(END);
                return;
            }
        }
    }

    /** The next event whose JSON data has {@code "type": type}, skipping others. */
    public Event next(String type) {
        return inbox.next(e -> e.data().startsWith("{") && e.json().path("type").asText().equals(type), "a '" + type + "' event");
    }

    /** The next event that matches, skipping others; fails after {@link #WAIT}. */
    public Event await(Predicate<Event> wanted) {
        return inbox.next(wanted, "a matching event", WAIT);
    }

    /** The next event that matches, skipping others; fails after {@code timeout}. */
    public Event next(Predicate<Event> wanted, Duration timeout) {
        return inbox.next(wanted, "a matching event", timeout);
    }

    /** The next verdict of {@code exercise} on the exercises' feed. */
    public JsonNode verdict(String exercise, Duration timeout) {
        return next(e -> e.event().equals("verdict") && e.json().path("exercise").asText().equals(exercise), timeout).json();
    }

    private String poll(Duration timeout) {
        try {
            return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // already gone
        }
    }
}
