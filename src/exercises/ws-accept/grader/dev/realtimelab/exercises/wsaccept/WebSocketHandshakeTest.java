package dev.realtimelab.exercises.wsaccept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtimelab.exercises.wsaccept.WebSocketHandshake.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grades the ws-accept exercise: the accept value, the key check, the answer, and a real client. */
@Tag("exercise")
@Tag("ws-accept")
@DisplayName("ws-accept: the opening handshake")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketHandshakeTest {
    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String RFC_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    @Test
    @DisplayName("computes the accept value of the RFC 6455 example")
    void computesRfcExample() {
        assertEquals(RFC_ACCEPT, WebSocketHandshake.acceptFor(RFC_KEY),
                "RFC 6455 section 1.3: the key dGhlIHNhbXBsZSBub25jZQ== gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=."
                        + " Append the GUID to the key AS TEXT (do not decode the key), SHA-1 the bytes, base64 the 20-byte digest");
    }

    @Test
    @DisplayName("computes the accept value of other keys")
    void computesOtherKeys() {
        Map<String, String> known = Map.of(
                "AAECAwQFBgcICQoLDA0ODw==", "Bz3qJYTGdOe8gUSpLosEdiLKDrk=",
                "cmVhbHRpbWUtbGFiLWtleQ==", "Nhj8nhYU2taCVF7rDvBlrXP3F/k=",
                "x3JJHMbDL1EzLkh9GBhXDw==", "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
        known.forEach((key, accept) -> assertEquals(accept, WebSocketHandshake.acceptFor(key),
                "the accept value for the key " + key + " (a fixed answer would pass only the RFC example)"));
    }

    @Test
    @DisplayName("accepts only a key that is base64 of exactly 16 bytes")
    void validatesKeys() {
        assertTrue(WebSocketHandshake.isValidKey(RFC_KEY), "the RFC's example key is 16 random bytes in base64");
        assertTrue(WebSocketHandshake.isValidKey("AAECAwQFBgcICQoLDA0ODw=="), "bytes 0 to 15 in base64 is a valid key");
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("", "an empty key");
        invalid.put("eHh4eHh4eHh4eHh4eHh4", "base64 of 15 bytes");
        invalid.put("eHh4eHh4eHh4eHh4eHh4eHg=", "base64 of 17 bytes");
        invalid.put("not a base64 key, 24 ch", "text that is not base64");
        invalid.put("dGhlIHNhbXBsZSBub25jZQ=!", "base64 with a stray character");
        invalid.forEach((key, what) -> assertFalse(WebSocketHandshake.isValidKey(key),
                what + " (\"" + key + "\") is not a valid Sec-WebSocket-Key: it must decode to exactly 16 bytes"));
        assertFalse(WebSocketHandshake.isValidKey(null), "a missing key (null) is not valid");
    }

    @Test
    @DisplayName("answers 101 with Upgrade, Connection and Sec-WebSocket-Accept")
    void answers101() {
        Response response = WebSocketHandshake.respond(request());
        assertEquals(101, response.status(), "a valid handshake request gets 101 Switching Protocols");
        assertEquals(Optional.of("websocket"), header(response, "Upgrade").map(String::toLowerCase), "the 101 must say Upgrade: websocket");
        assertEquals(Optional.of("upgrade"), header(response, "Connection").map(String::toLowerCase), "the 101 must say Connection: Upgrade");
        assertEquals(Optional.of(RFC_ACCEPT), header(response, "Sec-WebSocket-Accept"),
                "the 101 must carry Sec-WebSocket-Accept computed from the request's key");
    }

    @Test
    @DisplayName("reads header names in any case, and Connection as a list of tokens")
    void readsHeadersLikeHttpDoes() {
        Map<String, String> headers = new HashMap<>();
        headers.put("upgrade", "WebSocket");
        headers.put("connection", "keep-alive, Upgrade");
        headers.put("sec-websocket-key", RFC_KEY);
        headers.put("sec-websocket-version", "13");
        Response response = WebSocketHandshake.respond(headers);
        assertEquals(101, response.status(), "header names are case-insensitive (HTTP/2 even sends them in lower case),"
                + " the Upgrade value is compared without case, and Firefox sends \"Connection: keep-alive, Upgrade\":"
                + " look for the token Upgrade in the comma-separated list");
        assertEquals(Optional.of(RFC_ACCEPT), header(response, "Sec-WebSocket-Accept"), "the accept value of the key");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("no Upgrade header", request("Upgrade", null)),
                Arguments.of("Upgrade: h2c", request("Upgrade", "h2c")),
                Arguments.of("no Connection header", request("Connection", null)),
                Arguments.of("Connection: keep-alive", request("Connection", "keep-alive")),
                Arguments.of("no Sec-WebSocket-Key", request("Sec-WebSocket-Key", null)),
                Arguments.of("a key of 15 bytes", request("Sec-WebSocket-Key", "eHh4eHh4eHh4eHh4eHh4")),
                Arguments.of("a key that is not base64", request("Sec-WebSocket-Key", "not a base64 key, 24 ch")),
                Arguments.of("no Sec-WebSocket-Version", request("Sec-WebSocket-Version", null)));
    }

    @ParameterizedTest(name = "400 for {0}")
    @MethodSource("badRequests")
    @DisplayName("answers 400 to a request that is not a valid handshake")
    void answers400(String what, Map<String, String> headers) {
        Response response = WebSocketHandshake.respond(headers);
        assertEquals(400, response.status(), "a handshake request with " + what + " must be refused with 400 Bad Request");
        assertEquals(Optional.empty(), header(response, "Sec-WebSocket-Accept"), "a refused handshake has no accept value");
    }

    @Test
    @DisplayName("answers 426 with Sec-WebSocket-Version: 13 to another version")
    void answers426() {
        Response response = WebSocketHandshake.respond(request("Sec-WebSocket-Version", "8"));
        assertEquals(426, response.status(), "a version other than 13 gets 426 Upgrade Required (RFC 6455 section 4.2.2)");
        assertEquals(Optional.of("13"), header(response, "Sec-WebSocket-Version"),
                "the 426 must say which version the server speaks: Sec-WebSocket-Version: 13, so the client can retry");
    }

    @Test
    @DisplayName("completes a real handshake with the JDK's WebSocket client")
    void completesRealHandshake() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<String> answered = new AtomicReference<>("(nothing yet)");
            Thread server = new Thread(() -> answerOneHandshake(listener, answered), "ws-accept-test-server");
            server.setDaemon(true);
            server.start();
            CompletableFuture<WebSocket> client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/chat"), new WebSocket.Listener() { });
            try {
                WebSocket webSocket = client.get(10, TimeUnit.SECONDS);
                webSocket.abort();
            } catch (ExecutionException e) {
                fail("java.net.http's WebSocket client refused the handshake: " + e.getCause()
                        + ". The server answered: " + answered.get());
            } catch (TimeoutException e) {
                fail("the handshake did not complete within 10 s; the server answered: " + answered.get());
            }
        }
    }

    // ---- helpers ----

    /** A valid handshake request, as a browser sends it (without Host and Origin). */
    private static Map<String, String> request() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", RFC_KEY);
        headers.put("Sec-WebSocket-Version", "13");
        return headers;
    }

    /** A valid request with one header changed, or removed when {@code value} is null. */
    private static Map<String, String> request(String name, String value) {
        Map<String, String> headers = request();
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return headers;
    }

    private static Optional<String> header(Response response, String name) {
        if (response.headers() == null) {
            return Optional.empty();
        }
        return response.headers().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** A bare TCP server: reads one HTTP request head and answers it with respond(). */
    private static void answerOneHandshake(ServerSocket listener, AtomicReference<String> answered) {
        try (Socket socket = listener.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            Map<String, String> headers = new HashMap<>();
            in.readLine(); // GET /chat HTTP/1.1
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            StringBuilder answer = new StringBuilder();
            try {
                Response response = WebSocketHandshake.respond(headers);
                answer.append("HTTP/1.1 ").append(response.status())
                        .append(response.status() == 101 ? " Switching Protocols" : " Refused").append("\r\n");
                response.headers().forEach((name, value) -> answer.append(name).append(": ").append(value).append("\r\n"));
            } catch (RuntimeException e) {
                answer.append("HTTP/1.1 500 respond() threw ").append(e.toString().replaceAll("[\r\n]", " ")).append("\r\n");
            }
            if (!answer.toString().startsWith("HTTP/1.1 101")) {
                answer.append("Content-Length: 0\r\n");
            }
            answer.append("\r\n");
            answered.set(answer.toString().trim().replace("\r\n", " | "));
            OutputStream out = socket.getOutputStream();
            out.write(answer.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (in.read() >= 0) {
                // keep the connection until the client lets go
            }
        } catch (IOException e) {
            // the client went away: nothing more to do
        }
    }
}
