package dev.realtimelab.live;

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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A streaming GET of an event stream with java.net.http, read line by line on a thread of its
 * own so a test can wait for the next line with a timeout. Deliberately not a full EventSource:
 * tests look at the lines as the server wrote them.
 */
final class EventStreamReader implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final String END = "\u0000end of stream";

    /** The lines of one block, up to the blank line that ends it. */
    record Block(List<String> lines) {
        String field(String name) {
            return lines.stream().filter(l -> l.startsWith(name + ": ")).map(l -> l.substring(name.length() + 2))
                    .findFirst().orElse(null);
        }

        String id() {
            return field("id");
        }

        String event() {
            return field("event");
        }

        /** The data lines joined with newlines, as EventSource joins them; null without data. */
        String data() {
            List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
            return data.isEmpty() ? null : String.join("\n", data);
        }

        boolean isEvent() {
            return data() != null;
        }
    }

    final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private EventStreamReader(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the stream and returns as soon as the response head has arrived, or fails after
     * {@link #WAIT}: a server that holds back its head until the first event fails here.
     */
    static EventStreamReader open(HttpClient http, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new EventStreamReader(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
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

    static EventStreamReader open(HttpClient http, URI uri) {
        return open(http, uri, Map.of());
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        // BufferedReader ends lines at CRLF, LF or CR: the same three the event-stream format allows.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            // closed by the test, or the connection died: either way the stream has ended
        }
        lines.add(END);
    }

    /** The next line; fails if none comes within {@link #WAIT} or the stream ended. */
    String nextLine() {
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
    Block nextBlock() {
        List<String> block = new ArrayList<>();
        for (String line = nextLine(); !line.isEmpty(); line = nextLine()) {
            block.add(line);
        }
        return new Block(block);
    }

    /** The next block that carries data: the next thing EventSource would dispatch. */
    Block nextEvent() {
        for (Block block = nextBlock(); ; block = nextBlock()) {
            if (block.isEvent()) {
                return block;
            }
        }
    }

    /** Waits until the server ends the response; fails if it does not within {@code timeout}. */
    void awaitEnd(Duration timeout) {
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
