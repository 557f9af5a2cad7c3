package dev.realtimelab.live.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bytes on the wire, recorded: the app connects to itself through a {@link RecordingRelay} (a
 * WebSocket to /ws/echo, an event stream of a room and POSTs to that room), sends one message of
 * each size each way, and reports the bytes each step put on the wire, taken apart. When the app
 * serves HTTP/2 (started with --tls), a second reader takes the same events over HTTP/2 through
 * a relay of its own, so each event is also captured inside its DATA frame.
 */
final class WireExperiment {
    /** Payload sizes: the three WebSocket length encodings' edges that fit the 64 KiB limit. */
    static final List<Integer> SIZES = List.of(5, 125, 126, 1000, 10_000);
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private final int appPort;

    WireExperiment(int appPort) {
        this.appPort = appPort;
    }

    static String payload(int size) {
        if (size == 5) {
            return "hello";
        }
        StringBuilder text = new StringBuilder(size);
        while (text.length() < size) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }

    Map<String, Object> run() throws IOException, InterruptedException {
        try (RecordingRelay relay = new RecordingRelay(appPort); RecordingRelay h2relay = new RecordingRelay(appPort)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(STEP_TIMEOUT).build();
            List<Map<String, Object>> once = new ArrayList<>();
            List<Map<String, Object>> messages = new ArrayList<>();
            Map<String, Object> result = new LinkedHashMap<>();
            webSocket(http, relay, once, messages);
            eventStream(http, relay, h2relay, once, messages, result);
            result.put("relayPort", relay.port());
            result.put("connections", relay.connections().size());
            result.put("once", once);
            result.put("messages", messages);
            return result;
        }
    }

    // ---- WebSocket: /ws/echo sends each message back as it came ----

    private void webSocket(HttpClient http, RecordingRelay relay, List<Map<String, Object>> once,
                           List<Map<String, Object>> messages) throws IOException, InterruptedException {
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(STEP_TIMEOUT)
                    .buildAsync(URI.create("ws://127.0.0.1:" + relay.port() + "/ws/echo"), new Collector(echoes))
                    .get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the WebSocket through the relay did not open: " + e.getMessage(), e);
        }
        RecordingRelay.Connection connection = relay.connections().get(0);
        once.add(row("WebSocket", "client to server", "handshake request (GET with Upgrade)", connection.up.size()));
        once.add(row("WebSocket", "server to client", "handshake response (101 Switching Protocols)", connection.down.size()));
        try {
            for (int size : SIZES) {
                int up = connection.up.size();
                int down = connection.down.size();
                socket.sendText(payload(size), true).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (echoes.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                    throw new IOException("no echo of the " + size + "-byte message");
                }
                messages.add(frame(size, "client to server", connection.up.slice(up, connection.up.size())));
                messages.add(frame(size, "server to client", connection.down.slice(down, connection.down.size())));
            }
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("sending through the relay failed: " + e.getMessage(), e);
        } finally {
            socket.abort();
        }
    }

    /** Collects whole text messages (the client may get one in parts). */
    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<String> messages;
        private final StringBuilder parts = new StringBuilder();

        Collector(BlockingQueue<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            parts.append(data);
            if (last) {
                messages.add(parts.toString());
                parts.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    /** One captured WebSocket frame, taken apart by the rules of RFC 6455 section 5.2. */
    static Map<String, Object> frame(int payload, String direction, byte[] wire) {
        Map<String, Object> row = row("WebSocket", direction, "one frame", wire.length);
        int lengthCode = wire.length > 1 ? wire[1] & 0x7f : 0;
        boolean masked = wire.length > 1 && (wire[1] & 0x80) != 0;
        int header = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0);
        row.put("payload", payload);
        row.put("overhead", wire.length - payload);
        row.put("parts", parts("frame header", header, "mask key", masked ? 4 : 0));
        row.put("hex", hex(wire));
        return row;
    }

    // ---- SSE: an event stream of a room, and a POST per message to that room ----

    private void eventStream(HttpClient http, RecordingRelay relay, RecordingRelay h2relay, List<Map<String, Object>> once,
                             List<Map<String, Object>> messages, Map<String, Object> result) throws IOException, InterruptedException {
        String room = "wire-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String base = "http://127.0.0.1:" + relay.port() + "/sse/room/" + room;
        int streamIndex = relay.connections().size();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "?presence=off&name=reader"))
                .header("Accept", "text/event-stream").timeout(STEP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> readEvents(response.body(), events::add), "wire-sse-reader");
        reader.setDaemon(true);
        reader.start();
        Http2Reader h2 = null;
        try {
            String first = events.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || !first.startsWith("retry:")) {
                throw new IOException("the event stream did not start with its retry field: " + first);
            }
            RecordingRelay.Connection stream = relay.connections().get(streamIndex);
            once.add(row("SSE", "client to server", "GET request head", stream.up.size()));
            once.add(row("SSE", "server to client", "response head and the first event (retry)", stream.down.size()));
            h2 = Http2Reader.open(room, h2relay, once);
            result.put("http2", h2 != null);
            for (int size : SIZES) {
                int h2down = h2 == null ? 0 : h2.connection.down.size();
                List<RecordingRelay.Connection> before = relay.connections();
                int[] ups = new int[RecordingRelay.MAX_CONNECTIONS];
                int[] downs = new int[RecordingRelay.MAX_CONNECTIONS];
                for (RecordingRelay.Connection c : before) {
                    ups[c.id - 1] = c.up.size();
                    downs[c.id - 1] = c.down.size();
                }
                String text = payload(size);
                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "?name=writer"))
                        .timeout(STEP_TIMEOUT).header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(text)).build(), HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() != 202) {
                    throw new IOException("POST answered " + posted.statusCode() + ": " + posted.body());
                }
                if (events.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                    throw new IOException("the " + size + "-byte message never came back on the stream");
                }
                int requestBytes = 0;
                int answerBytes = 0;
                for (RecordingRelay.Connection c : relay.connections()) {
                    if (c.id - 1 != streamIndex && c.id - 1 > streamIndex) {
                        requestBytes += c.up.size() - ups[c.id - 1];
                        answerBytes += c.down.size() - downs[c.id - 1];
                    }
                }
                messages.add(event(size, text, stream.down.slice(downs[stream.id - 1], stream.down.size())));
                if (h2 != null) {
                    if (h2.events.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) == null) {
                        throw new IOException("the " + size + "-byte message never came back on the HTTP/2 stream");
                    }
                    messages.add(http2Event(size, text, h2.connection.down.slice(h2down, h2.connection.down.size())));
                }
                Map<String, Object> post = row("SSE", "client to server", "POST request", requestBytes);
                post.put("payload", size);
                post.put("overhead", requestBytes - size);
                post.put("parts", parts("request line and headers", requestBytes - size));
                messages.add(post);
                Map<String, Object> answer = row("SSE", "server to client", "the POST's answer (202)", answerBytes);
                answer.put("payload", size);
                answer.put("overhead", answerBytes);
                answer.put("parts", parts("status line, headers and body", answerBytes));
                messages.add(answer);
            }
        } finally {
            response.body().close();
            if (h2 != null) {
                h2.body.close();
            }
        }
    }

    /**
     * The room's event stream over HTTP/2 through {@code relay}, when the app speaks it. Browsers
     * reach HTTP/2 only inside TLS, where a relay sees nothing but ciphertext; so this reader
     * uses h2c (HTTP/2 in the clear, which the --tls port also serves), whose frames are the
     * same as inside TLS (RFC 9113 section 3), and the relay records them as they are. Java's
     * HttpClient gets there by the Upgrade: h2c request of RFC 7540 section 3.2: the answer to
     * that GET is HTTP/2 stream 1. Returns null when the app answers in HTTP/1.1 (no --tls).
     */
    static final class Http2Reader {
        final RecordingRelay.Connection connection;
        final InputStream body;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        private Http2Reader(RecordingRelay.Connection connection, InputStream body) {
            this.connection = connection;
            this.body = body;
        }

        static Http2Reader open(String room, RecordingRelay relay, List<Map<String, Object>> once)
                throws IOException, InterruptedException {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(STEP_TIMEOUT).build();
            HttpResponse<InputStream> response = h2.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port()
                            + "/sse/room/" + room + "?presence=off&name=reader-h2")).header("Accept", "text/event-stream")
                    .timeout(STEP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.version() != HttpClient.Version.HTTP_2 || relay.connections().isEmpty()) {
                response.body().close();
                return null;
            }
            Http2Reader reader = new Http2Reader(relay.connections().get(0), response.body());
            Thread thread = new Thread(() -> readEvents(response.body(), reader.events::add), "wire-h2-reader");
            thread.setDaemon(true);
            thread.start();
            String first = reader.events.poll(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null || !first.startsWith("retry:")) {
                response.body().close();
                throw new IOException("the HTTP/2 event stream did not start with its retry field: " + first);
            }
            once.add(row("SSE over HTTP/2", "client to server", "GET with Upgrade: h2c, preface, SETTINGS", reader.connection.up.size()));
            once.add(row("SSE over HTTP/2", "server to client", "101, SETTINGS, HEADERS and the first event (retry)",
                    reader.connection.down.size()));
            return reader;
        }
    }

    /**
     * One captured event on HTTP/2: frames of RFC 9113 section 4.1, each a 9-byte header (24-bit
     * length, type, flags, 31-bit stream id) and its payload; an event is one DATA frame (type 0)
     * because the app flushes once per event.
     */
    static Map<String, Object> http2Event(int payload, String text, byte[] wire) {
        Map<String, Object> row = row("SSE over HTTP/2", "server to client", "one event", wire.length);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        int dataFrames = 0;
        int otherFrames = 0;
        List<String> frames = new ArrayList<>();
        int i = 0;
        while (i + 9 <= wire.length) {
            int length = (wire[i] & 0xff) << 16 | (wire[i + 1] & 0xff) << 8 | (wire[i + 2] & 0xff);
            int type = wire[i + 3] & 0xff;
            int stream = ((wire[i + 5] & 0x7f) << 24) | (wire[i + 6] & 0xff) << 16 | (wire[i + 7] & 0xff) << 8 | (wire[i + 8] & 0xff);
            int end = Math.min(wire.length, i + 9 + length);
            frames.add((type == 0 ? "DATA" : "type " + type) + " length " + length + " stream " + stream);
            if (type == 0) {
                dataFrames++;
                data.write(wire, i + 9, end - i - 9);
            } else {
                otherFrames += end - i;
            }
            i = end;
        }
        String event = data.toString(StandardCharsets.UTF_8);
        int json = 0;
        for (String line : event.split("\n", -1)) {
            if (line.startsWith("data: ")) {
                json = line.getBytes(StandardCharsets.UTF_8).length - "data: ".length();
            }
        }
        row.put("payload", payload);
        row.put("overhead", wire.length - payload);
        row.put("parts", parts("DATA frame header", 9 * dataFrames, "other frames", otherFrames,
                "id:, event: and data: lines, blank line", data.size() - json,
                "the room's JSON envelope", json - text.getBytes(StandardCharsets.UTF_8).length));
        row.put("frames", frames);
        row.put("hex", hex(wire));
        row.put("text", event);
        return row;
    }

    /**
     * Reads whole events (blocks up to a blank line) and hands each to {@code events} as text, as
     * it arrives; comments are left out. Lesson 08's experiments read their streams with this.
     */
    static void readEvents(InputStream body, java.util.function.Consumer<String> events) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            StringBuilder block = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!block.isEmpty() && !block.toString().startsWith(":")) {
                        events.accept(block.toString());
                    }
                    block.setLength(0);
                } else {
                    block.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the stream was closed: the run is over
        }
    }

    /**
     * One captured event on HTTP/1.1: the chunk framing of RFC 9112 section 7.1 around it, then
     * the event's fields (WHATWG HTML 9.2.6), then the room's JSON envelope around the text.
     */
    static Map<String, Object> event(int payload, String text, byte[] wire) {
        Map<String, Object> row = row("SSE", "server to client", "one event", wire.length);
        byte[] data = dechunk(wire);
        String event = new String(data, StandardCharsets.UTF_8);
        int json = 0;
        int fieldLines = 0;
        for (String line : event.split("\n", -1)) {
            if (line.startsWith("data: ")) {
                json = line.getBytes(StandardCharsets.UTF_8).length - "data: ".length();
            }
        }
        fieldLines = data.length - json;
        row.put("payload", payload);
        row.put("overhead", wire.length - payload);
        row.put("parts", parts("chunk framing", wire.length - data.length, "id:, event: and data: lines, blank line", fieldLines,
                "the room's JSON envelope", json - text.getBytes(StandardCharsets.UTF_8).length));
        row.put("hex", hex(wire));
        row.put("text", new String(wire, StandardCharsets.UTF_8));
        return row;
    }

    /**
     * The body of a run of HTTP/1.1 chunks; on anything else, the bytes as they are. Jetty sends
     * the CRLF that ends a chunk's data in front of the next chunk's size, so a captured slice
     * may start with one and end without one.
     */
    static byte[] dechunk(byte[] wire) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < wire.length) {
            if (i + 1 < wire.length && wire[i] == '\r' && wire[i + 1] == '\n') {
                i += 2; // the end of the previous chunk
                continue;
            }
            int lineEnd = indexOfCrlf(wire, i);
            if (lineEnd < 0) {
                return wire;
            }
            int size;
            try {
                size = Integer.parseInt(new String(wire, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            } catch (NumberFormatException e) {
                return wire;
            }
            int start = lineEnd + 2;
            if (start + size > wire.length) {
                return wire;
            }
            body.write(wire, start, size);
            i = start + size;
        }
        return body.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> row(String transport, String direction, String what, int bytes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("transport", transport);
        row.put("direction", direction);
        row.put("what", what);
        row.put("bytes", bytes);
        return row;
    }

    private static Map<String, Object> parts(Object... namesAndSizes) {
        Map<String, Object> parts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSizes.length; i += 2) {
            parts.put((String) namesAndSizes[i], namesAndSizes[i + 1]);
        }
        return parts;
    }

    /** The first 48 bytes in hex, for the page to show. */
    private static String hex(byte[] bytes) {
        String text = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 48));
        return bytes.length > 48 ? text + " …" : text;
    }
}
