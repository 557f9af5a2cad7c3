package dev.realtimelab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A client of {@code GET /exercises/events} over a real streaming java.net.http request:
 * parses the event stream into (event, JSON data) pairs as they arrive.
 */
public final class VerdictFeed implements AutoCloseable {
    /** One event of the feed. */
    public record Event(String type, JsonNode data, long receivedNanos) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();

    public VerdictFeed(HttpClient http, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
        response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            opened.complete(null);
            Thread reader = new Thread(() -> read(r.body()), "verdict-feed-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }

    /** Waits until the response head has arrived, so no event sent after this is missed. */
    public VerdictFeed awaitOpen() throws Exception {
        opened.get(20, TimeUnit.SECONDS);
        HttpResponse<Stream<String>> head = response.get();
        if (head.statusCode() != 200 || !head.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            throw new AssertionError("the feed answered " + head.statusCode() + " " + head.headers().map());
        }
        return this;
    }

    private void read(Stream<String> lines) {
        String[] type = {null};
        StringBuilder data = new StringBuilder();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (type[0] != null && !data.isEmpty()) {
                        try {
                            events.add(new Event(type[0], JSON.readTree(data.toString()), System.nanoTime()));
                        } catch (Exception e) {
                            events.add(new Event("unreadable", null, System.nanoTime()));
                        }
                    }
                    type[0] = null;
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    type[0] = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            });
        } catch (RuntimeException e) {
            // the stream was closed
        }
    }

    /** The next event matching {@code wanted}, skipping the others; fails after {@code timeout}. */
    public Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no matching event within " + timeout.toSeconds() + " s");
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The next verdict of {@code exercise}. */
    public JsonNode verdict(String exercise, Duration timeout) throws InterruptedException {
        return next(e -> e.type().equals("verdict") && e.data().path("exercise").asText().equals(exercise), timeout).data();
    }

    /** Events received so far and not yet taken. */
    public void clear() {
        events.clear();
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
