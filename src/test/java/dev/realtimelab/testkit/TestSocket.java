package dev.realtimelab.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The tests' one WebSocket client (java.net.http): collects whole text and binary messages (the
 * JSON ones parsed as well, in {@link #inbox}), and the close code and reason. {@link #handshake}
 * reports the HTTP status of a refused handshake.
 */
public final class TestSocket implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Inbox.WAIT;

    /** How a socket ended: the close frame's code and reason. */
    public record Close(int code, String reason) {
        @Override
        public String toString() {
            return code + " " + reason;
        }
    }

    /** The outcome of a handshake: 101 and an open socket, or the refusal's status and body. */
    public record Handshake(int status, String body, TestSocket socket) {}

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Every text message that is a JSON value, parsed, in order. */
    public final Inbox<JsonNode> inbox = new Inbox<>();
    private final Inbox<String> messages = new Inbox<>();
    private final Inbox<byte[]> binaries = new Inbox<>();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket webSocket;

    /**
     * Opens a socket from {@code origin} (null: no Origin header) with extra headers, offering
     * {@code subprotocols} (most preferred first); fails the test if refused.
     */
    public static TestSocket open(URI uri, String origin, Map<String, String> headers, String... subprotocols) {
        Handshake handshake = handshake(uri, origin, headers, subprotocols);
        if (handshake.socket() == null) {
            throw new AssertionError("handshake to " + uri + " was refused with " + handshake.status() + ": " + handshake.body());
        }
        return handshake.socket();
    }

    public static TestSocket open(URI uri, String origin) {
        return open(uri, origin, Map.of());
    }

    /** A socket to {@code path} of the app, from the app's own pages. */
    public static TestSocket open(TestApp app, String path) {
        return open(app.wsUri(path), app.url(""));
    }

    /** Parses JSON text, or fails the test. */
    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Matches JSON messages and events by their {@code type} field. */
    public static Predicate<JsonNode> type(String type) {
        return n -> n.path("type").asText().equals(type);
    }

    public static Handshake handshake(URI uri, String origin, Map<String, String> headers, String... subprotocols) {
        TestSocket listener = new TestSocket();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            listener.webSocket = builder.buildAsync(uri, listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new Handshake(101, "", listener);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                return new Handshake(refused.getResponse().statusCode(), body == null ? "" : body.toString(), null);
            }
            throw new AssertionError("handshake to " + uri + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no handshake answer from " + uri, e);
        }
    }

    public void send(String text) {
        webSocket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        webSocket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** Sends without waiting, for floods; the returned future completes when it is written. */
    public CompletableFuture<WebSocket> sendAsync(String text) {
        return webSocket.sendText(text, true);
    }

    /** The subprotocol the server chose, "" for none. */
    public String subprotocol() {
        return webSocket.getSubprotocol();
    }

    /** The next text message. */
    public String next() {
        return messages.next(m -> true, "a message" + (closed.isDone() ? " (closed: " + closed.join() + ")" : ""));
    }

    public byte[] nextBinary() {
        return binaries.next(m -> true, "a binary message");
    }

    /** The next JSON message whose {@code type} is {@code type}, skipping others. */
    public JsonNode next(String type) {
        return inbox.next(type(type), "a '" + type + "' message");
    }

    /** Starts the closing handshake and keeps the connection, so the server's close can be awaited. */
    public void sendClose(int code, String reason) {
        webSocket.sendClose(code, reason).join();
    }

    /** Waits for the server's close frame. */
    public Close awaitClose() {
        return awaitClose(WAIT);
    }

    public Close awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the socket within " + wait);
        } catch (ExecutionException e) {
            throw new AssertionError("the socket failed instead of closing: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void close() {
        if (!webSocket.isOutputClosed()) {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        webSocket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                inbox.add(Json.mapper().readTree(text));
            } catch (IOException e) {
                // not JSON: only in messages
            }
            messages.add(text);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partialBinary.writeBytes(bytes);
        if (last) {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        // No close frame, the connection just died: what a browser reports as 1006.
        closed.complete(new Close(1006, "no close frame: " + error));
    }
}
