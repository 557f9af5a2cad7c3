package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Real clients of the room endpoints for the HTTP-level tests: java.net.http and raw sockets. */
final class RoomTestClients {
    static final Duration WAIT = Duration.ofSeconds(15);

    private RoomTestClients() {}

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** What arrived so far, with a way to wait for the next thing that matches. */
    static class Inbox<T> {
        private final List<T> items = new ArrayList<>();
        private int cursor;

        synchronized void add(T item) {
            items.add(item);
            notifyAll();
        }

        synchronized List<T> all() {
            return List.copyOf(items);
        }

        /** The next item after the last one returned that matches, waiting up to {@link #WAIT}. */
        synchronized T next(Predicate<T> wanted, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                while (cursor < items.size()) {
                    T item = items.get(cursor++);
                    if (wanted.test(item)) {
                        return item;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("waited " + WAIT.toSeconds() + " s for " + what + "; got " + items);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** Waits until {@code count} items match, and returns all that match (does not move the cursor). */
        synchronized List<T> awaitCount(Predicate<T> wanted, int count, String what) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                List<T> matching = items.stream().filter(wanted).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("waited " + WAIT.toSeconds() + " s for " + count + " " + what + "; got " + matching.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        /** True when any item so far matches (does not move the cursor). */
        synchronized boolean any(Predicate<T> wanted) {
            return items.stream().anyMatch(wanted);
        }
    }

    static Predicate<JsonNode> type(String type) {
        return n -> n.path("type").asText().equals(type);
    }

    /** A java.net.http WebSocket that keeps every text message it receives, parsed. */
    static final class TestSocket implements WebSocket.Listener, AutoCloseable {
        final Inbox<JsonNode> inbox = new Inbox<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static TestSocket open(TestApp app, String path) {
            TestSocket listener = new TestSocket();
            listener.socket = app.http().newWebSocketBuilder()
                    .header("Origin", app.url(""))
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(app.wsUri(path), listener)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            return listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(json(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        void send(String text) {
            socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        }

        JsonNode next(String type) {
            return inbox.next(type(type), "a '" + type + "' event");
        }

        /** "CODE reason" of the close frame the server sent. */
        String awaitClose() {
            return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
            socket.abort();
        }
    }

    /** One event of an event stream as the format defines it. */
    record Event(String id, String event, String data) {
        JsonNode json() {
            return RoomTestClients.json(data);
        }
    }

    /** A streaming GET read line by line on a thread of its own, parsed into events. */
    static final class TestEventStream implements AutoCloseable {
        final Inbox<Event> inbox = new Inbox<>();
        final HttpResponse<InputStream> response;
        private final Thread reader;

        static TestEventStream open(TestApp app, String path, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path))
                    .version(HttpClient.Version.HTTP_1_1)
                    .header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                return new TestEventStream(app.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private TestEventStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(this::read, "test-event-stream");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String event = null;
                StringBuilder data = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            inbox.add(new Event(id, event == null ? "message" : event, data.toString()));
                        }
                        event = null;
                        data = null;
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed by the test or by the server
            }
        }

        Event next(String type) {
            return inbox.next(e -> e.json().path("type").asText().equals(type), "a '" + type + "' event");
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

    /**
     * A client that asks for {@code path} and then never reads a byte: its tiny receive window
     * fills, then the server's socket buffer, then the member's queue in the hub.
     */
    static Socket neverReading(TestApp app, String path, boolean webSocket) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", app.port()), 5000);
        String head = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + app.port() + "\r\n"
                + (webSocket
                    ? "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\nOrigin: " + app.url("") + "\r\n"
                    : "Accept: text/event-stream\r\n")
                + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
