package dev.realtimelab.exercises.originallowlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grades {@link OriginAllowList}: a real Javalin server runs {@code check} before every
 * WebSocket upgrade, and a real java.net.http client knocks with chosen Origin headers.
 */
@Tag("exercise")
@Tag("origin-allowlist")
@DisplayName("Exercise origin-allowlist: an exact Origin allow-list")
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OriginAllowListTest {
    private static final List<String> ALLOWED =
            List.of("http://localhost:7070", "http://127.0.0.1:7070", "https://realtimelab.example");
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final int FORBIDDEN = 403;

    /** The list the server consults; a test may swap it before connecting. */
    private static final AtomicReference<OriginAllowList> current = new AtomicReference<>();
    private static Javalin server;
    private static HttpClient client;

    @BeforeAll
    static void startServer() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.wsBeforeUpgrade(ctx -> current.get().check(ctx));
            config.routes.ws("/ws/private", ws -> ws.onMessage(ctx -> ctx.send("private: " + ctx.message())));
        }).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void useTheCourseList() {
        current.set(new OriginAllowList(ALLOWED));
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"http://localhost:7070", "http://127.0.0.1:7070", "https://realtimelab.example"})
    @DisplayName("A page from an allowed origin gets its WebSocket")
    void allowedOriginsConnect(String origin) {
        int status = handshake(origin);
        assertEquals(SWITCHING_PROTOCOLS, status, "the allowed Origin " + origin + " was refused with HTTP "
                + status + (status == 500 ? " (check() threw an exception: read the server log above)" : "")
                + ". Pages served from an allowed origin must be able to connect.");
    }

    @Test
    @DisplayName("A page from a foreign site gets 403 before the upgrade")
    void foreignOriginIsRefused() {
        assertRefused("http://evil.example", "any site on the web can run script that opens this socket,"
                + " and the browser sends the victim's cookies with it (cross-site WebSocket hijacking)");
    }

    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of("http://localhost:7070.evil.example",
                        "a prefix match (startsWith) lets in every string that begins with an allowed origin"),
                Arguments.of("https://realtimelab.example.evil.example",
                        "a prefix match (startsWith) lets in realtimelab.example.evil.example,"
                                + " a name the owner of evil.example can create in a minute"),
                Arguments.of("http://localhost:70701",
                        "a prefix match also accepts a longer port number: 70701 is not 7070"),
                Arguments.of("https://evilrealtimelab.example",
                        "a suffix match (endsWith) lets in any domain that ends with yours,"
                                + " and anyone can register evilrealtimelab.example"),
                Arguments.of("http://evil.example/?http://localhost:7070",
                        "a substring match (contains, indexOf, or an unanchored regex find) lets in any"
                                + " string that mentions an allowed origin"),
                Arguments.of("http://127x0x0x1:7070",
                        "a regular expression with unescaped dots lets in 127x0x0x1, because \".\" matches"
                                + " any character; compare strings with equals instead"));
    }

    @ParameterizedTest(name = "Origin: {0}")
    @MethodSource("lookalikes")
    @DisplayName("Look-alike origins that start with, end with or contain an allowed one are refused")
    void lookalikesAreRefused(String origin, String why) {
        assertRefused(origin, why);
    }

    static Stream<Arguments> otherSchemesAndPorts() {
        return Stream.of(
                Arguments.of("http://localhost:7071",
                        "another port is another origin: any other program on this machine (the lab's"
                                + " attacker page runs on 7071) would be trusted"),
                Arguments.of("http://localhost",
                        "no port means the default port 80, a different origin from port 7070"),
                Arguments.of("https://localhost:7070",
                        "the scheme is part of the origin: https://localhost:7070 is not http://localhost:7070"),
                Arguments.of("http://realtimelab.example",
                        "the scheme is part of the origin: a plain-http page (which anyone on the network"
                                + " can tamper with) is not the https site you allowed"));
    }

    @ParameterizedTest(name = "Origin: {0}")
    @MethodSource("otherSchemesAndPorts")
    @DisplayName("Scheme and port are part of the origin")
    void schemeAndPortMatter(String origin, String why) {
        assertRefused(origin, why);
    }

    @Test
    @DisplayName("The opaque origin \"null\" is refused")
    void nullOriginIsRefused() {
        assertRefused("null", "browsers send \"null\" from sandboxed frames, file: pages and data: URLs,"
                + " so an attacker can produce it at will; it never identifies your site");
    }

    @Test
    @DisplayName("A handshake without an Origin header is refused")
    void missingOriginIsRefused() {
        assertRefused(null, "every browser sends Origin on a WebSocket handshake (RFC 6455, section 4.1),"
                + " so a request without one is not a page of yours; this endpoint is for browser pages."
                + " Did allows(null) or check() treat a missing header as allowed?");
    }

    @Test
    @DisplayName("Scheme and host compare without regard to case (RFC 6454 lowercases them)")
    void schemeAndHostAreCaseInsensitive() {
        current.set(new OriginAllowList(List.of("HTTP://LocalHost:7070")));
        int status = handshake("http://localhost:7070");
        assertEquals(SWITCHING_PROTOCOLS, status, "the list was configured as HTTP://LocalHost:7070 and the"
                + " browser sent http://localhost:7070 (browsers serialise scheme and host in lowercase, RFC 6454"
                + " section 4): that is the same origin, but it got HTTP " + status
                + ". Lowercase the configured entries with toLowerCase(Locale.ROOT).");
        int upper = handshake("HTTP://LOCALHOST:7070");
        assertEquals(SWITCHING_PROTOCOLS, upper, "HTTP://LOCALHOST:7070 names the same origin as"
                + " http://localhost:7070 (scheme and host are case-insensitive) but got HTTP " + upper
                + ". Lowercase the header too before comparing.");
        assertRefused("http://localhost:7070.evil.example", "case-insensitive does not mean prefix: compare"
                + " the whole lowercased string");
    }

    @ParameterizedTest(name = "entry: \"{0}\"")
    @ValueSource(strings = {"*", "null", "http://localhost:7070/", "localhost:7070", "http://localhost:7070/chat", ""})
    @DisplayName("A wildcard, \"null\" or a URL with a path in the configuration is refused at startup")
    void badConfigurationIsRefused(String entry) {
        assertThrows(IllegalArgumentException.class, () -> new OriginAllowList(List.of("http://localhost:7070", entry)),
                "new OriginAllowList([..., \"" + entry + "\"]) was accepted. An origin is exactly scheme://host[:port]:"
                        + " a wildcard or \"null\" would be a hole if anything ever matched it, and an entry with a"
                        + " path or a trailing slash silently matches nothing (browsers never send one)."
                        + " Throw IllegalArgumentException so the mistake stops the server at startup.");
    }

    // ---- helpers ----

    private void assertRefused(String origin, String why) {
        int status = handshake(origin);
        if (status == SWITCHING_PROTOCOLS) {
            if (saysNo(origin)) {
                fail("the Origin " + describe(origin) + " was accepted although allows() returns false for it:"
                        + " check() let the upgrade go on. In wsBeforeUpgrade only a thrown exception stops"
                        + " the upgrade: throw new ForbiddenResponse(...); ctx.status(403) alone does not.");
            }
            fail("the Origin " + describe(origin) + " was accepted: " + why + (why.endsWith("?") ? "" : "."));
        }
        assertEquals(FORBIDDEN, status, "the Origin " + describe(origin) + " was refused, but with HTTP " + status
                + " instead of 403 Forbidden" + (status == 500 ? " (check() threw something other than"
                + " ForbiddenResponse: read the server log above)" : "") + ".");
    }

    /** True when the learner's allows() refuses this origin (and does not throw). */
    private static boolean saysNo(String origin) {
        try {
            return !current.get().allows(origin);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(String origin) {
        return origin == null ? "(none: no header at all)" : "\"" + origin + "\"";
    }

    /**
     * Opens a WebSocket with this Origin (none when null) and returns the handshake status: 101
     * when the socket opened and answered a message, else the HTTP status of the refusal.
     */
    private static int handshake(String origin) {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/private");
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                reply.complete(data.toString());
                webSocket.request(1);
                return null;
            }
        };
        WebSocket socket;
        try {
            socket = builder.buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake failed without an HTTP answer: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not answer the handshake within 10 s: does check() loop or block?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        try {
            socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
            assertEquals("private: hello", reply.get(5, TimeUnit.SECONDS), "the endpoint behind the check answered oddly");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket opened but did not work: " + e, e);
        }
        return SWITCHING_PROTOCOLS;
    }
}
