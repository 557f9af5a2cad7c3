package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestSocket;
import dev.realtimelab.testkit.TestEventStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.AppTest;
import dev.realtimelab.testkit.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labs at the HTTP level: each attack works against the deliberately vulnerable endpoint and
 * fails against the fixed one, seen from a plain client (the browser tests do it in Chromium).
 */
class SecurityLabsHttpTest extends AppTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static String attackerOrigin;

    @BeforeAll
    static void start() {
        attackerOrigin = "http://localhost:" + app.app().security().attackerPort();
    }

    /** Logs in to the lab; returns {cookie header value, secret}. */
    static String[] login() throws Exception {
        HttpResponse<String> response = post("/labs/login", app.url(""), null);
        assertEquals(200, response.statusCode(), response.body());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return new String[] {setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(response.body()).get("secret").asText()};
    }

    static HttpResponse<String> post(String path, String origin, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return app.send(request.build());
    }

    // ---- lab 09 ----

    @Test
    void theAttackerOriginServesItsPageOnTheNextFreePortOfLoopback() {
        int port = app.app().security().attackerPort();
        assertTrue(port > 0 && port != app.port());
        HttpResponse<String> page = app.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("the attacker's page"), page.body());
        String target = app.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/target.json")).build()).body();
        assertEquals("{\"port\":" + app.port() + "}", target);
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("ws://localhost:" + app.port()));
    }

    @Test
    void theUncheckedSocketHandsTheSecretToAnotherOrigin() throws Exception {
        String[] session = login();
        TestSocket stolen = TestSocket.open(app.wsUri("/labs/hijack/unchecked"), attackerOrigin, Map.of("Cookie", session[0]));
        assertEquals(session[1], JSON.readTree(stolen.next()).get("secret").asText());
        stolen.close();
    }

    @Test
    void theCheckedSocketRefusesAnotherOriginButServesItsOwn() throws Exception {
        String[] session = login();
        TestSocket.Handshake attack = TestSocket.handshake(app.wsUri("/labs/hijack/checked"), attackerOrigin, Map.of("Cookie", session[0]));
        assertEquals(403, attack.status());
        TestSocket own = TestSocket.open(app.wsUri("/labs/hijack/checked"), app.url(""), Map.of("Cookie", session[0]));
        assertEquals(session[1], JSON.readTree(own.next()).get("secret").asText());
        own.close();
    }

    @Test
    void withoutTheCookieThereIsNothingToSteal() {
        TestSocket socket = TestSocket.open(app.wsUri("/labs/hijack/unchecked"), attackerOrigin);
        TestSocket.Close close = socket.awaitClose();
        assertEquals(1008, close.code());
        assertEquals("not logged in to the lab", close.reason());
    }

    @Test
    void theSecretStreamAnswersWithoutCorsHeaders() throws Exception {
        String[] session = login();
        try (TestEventStream stream = TestEventStream.open(app.uri("/labs/hijack/stream"),
                Map.of("Origin", attackerOrigin, "Cookie", session[0]))) {
            assertEquals(200, stream.status());
            assertTrue(stream.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS: the browser must hide it");
            assertTrue(stream.await(e -> e.event().equals("secret")).data().contains(session[1]));
        }
    }

    // ---- lab 10 ----

    /**
     * Reads the auth lab's feed (which replays its recent history first) until an access-log line
     * for {@code path} with {@code credential} in its query appears; returns the logged URL.
     */
    static String loggedUrl(TestEventStream feed, String path, String credential) {
        Pattern requestLine = Pattern.compile("\"GET (" + Pattern.quote(path) + "\\?[^ ]*" + Pattern.quote(credential) + "[^ ]*) HTTP");
        String line = feed.await(e -> e.event().equals("log") && requestLine.matcher(e.data()).find()).data();
        Matcher matcher = requestLine.matcher(line);
        assertTrue(matcher.find());
        return matcher.group(1);
    }

    @Test
    void aTokenInTheUrlLandsInTheAccessLogAndStillWorksAfterLogout() throws Exception {
        String[] session = login();
        String token = JSON.readTree(app.send(HttpRequest.newBuilder(app.uri("/labs/auth/token")).header("Cookie", session[0]).build()).body())
                .get("token").asText();
        try (TestEventStream feed = TestEventStream.open(app.uri("/labs/feed?lab=auth"), Map.of())) {
            TestSocket socket = TestSocket.open(app.wsUri("/labs/auth/url-token?token=" + token), app.url(""));
            socket.next(); // connected
            String logged = loggedUrl(feed, "/labs/auth/url-token", token); // the token is in the access log

            post("/labs/logout", app.url(""), session[0]);
            TestSocket replay = TestSocket.open(app.wsUri(logged), app.url("")); // no cookie: only what the log held
            replay.next();
            replay.send("secret");
            assertEquals(session[1], JSON.readTree(replay.next()).get("secret").asText(), "the replay is the user, after logout");
            socket.send("room staff");
            assertTrue(socket.next().contains("door code"), "the vulnerable socket never checks rooms");
            socket.close();
            replay.close();
        }
    }

    @Test
    void aTicketWorksOnceForItsOriginAndItsReplayFromTheLogIsRefused() throws Exception {
        String[] session = login();
        try (TestEventStream feed = TestEventStream.open(app.uri("/labs/feed?lab=auth"), Map.of())) {
            String ticket = JSON.readTree(post("/labs/auth/ticket", app.url(""), session[0]).body()).get("ticket").asText();
            TestSocket socket = TestSocket.open(app.wsUri("/labs/auth/socket?ticket=" + ticket), app.url(""));
            assertTrue(socket.next().contains("one-time ticket"));
            socket.send("secret");
            assertEquals(session[1], JSON.readTree(socket.next()).get("secret").asText());

            String logged = loggedUrl(feed, "/labs/auth/socket", ticket); // the ticket is in the log too
            assertEquals(403, TestSocket.handshake(app.wsUri(logged), app.url(""), Map.of()).status(), "used once: the replay fails");

            String another = JSON.readTree(post("/labs/auth/ticket", app.url(""), session[0]).body()).get("ticket").asText();
            String otherOwnOrigin = "http://127.0.0.1:" + app.port();
            assertEquals(403, TestSocket.handshake(app.wsUri("/labs/auth/socket?ticket=" + another), otherOwnOrigin, Map.of()).status(),
                    "bound to the origin it was issued to");
            assertEquals(403, TestSocket.handshake(app.wsUri("/labs/auth/socket?ticket=" + another), app.url(""), Map.of()).status(),
                    "and the failed try used it up");
            socket.close();
        }
    }

    @Test
    void ticketsAreOnlyForLoggedInPagesOfThisApp() throws Exception {
        String[] session = login();
        assertEquals(401, post("/labs/auth/ticket", app.url(""), null).statusCode(), "no cookie");
        assertEquals(403, post("/labs/auth/ticket", null, session[0]).statusCode(), "no Origin: not a page of this app");
        assertEquals(403, post("/labs/auth/ticket", attackerOrigin, session[0]).statusCode(), "another origin");
    }

    @Test
    void theTicketSocketChecksRoomsOnEveryMessageAndClosesWith1008OnLogout() throws Exception {
        String[] session = login();
        String ticket = JSON.readTree(post("/labs/auth/ticket", app.url(""), session[0]).body()).get("ticket").asText();
        TestSocket socket = TestSocket.open(app.wsUri("/labs/auth/socket?ticket=" + ticket), app.url(""));
        socket.next();
        socket.send("room lobby");
        assertTrue(socket.next().contains("Welcome to the lobby"));
        socket.send("room staff");
        JsonNode refused = JSON.readTree(socket.next());
        assertEquals("learner may not read the room staff", refused.get("error").asText());

        post("/labs/logout", app.url(""), session[0]);
        TestSocket.Close close = socket.awaitClose();
        assertEquals(1008, close.code());
        assertEquals("session ended: you logged out", close.reason());
    }

    // ---- lab 11 ----

    @Test
    void theLabChatRelaysMarkupAsItCame() {
        TestSocket you = TestSocket.open(app.wsUri("/labs/chat"), app.url(""));
        TestSocket mallory = TestSocket.open(app.wsUri("/labs/chat"), app.url(""));
        String payload = "<img src=x onerror=alert(1)>";
        mallory.send(payload);
        assertEquals(payload, you.next());
        you.close();
        mallory.close();
    }

    @Test
    void theRendererFrameIsSandboxedByItsOwnPolicy() {
        HttpResponse<String> frame = app.get("/labs/xss/frame?render=html");
        assertEquals(200, frame.statusCode());
        String policy = frame.headers().allValues("Content-Security-Policy").toString();
        assertTrue(policy.startsWith("[sandbox allow-scripts;") && !policy.contains("allow-same-origin"), policy);
        assertEquals(1, frame.headers().allValues("Content-Security-Policy").size(), "the frame's policy replaces the app's");
    }

    @Test
    void theUnprotectedEndpointTakesAFloodAndTheProtectedOneClosesWith1013() throws Exception {
        TestSocket unprotected = TestSocket.open(app.wsUri("/labs/abuse/unprotected"), app.url(""));
        unprotected.next();
        for (int i = 0; i < 50; i++) {
            unprotected.send("{\"text\":\"m" + i + "\"}");
        }
        for (int i = 1; i <= 50; i++) {
            assertEquals(i, JSON.readTree(unprotected.next()).get("accepted").asInt());
        }
        unprotected.send("x".repeat(100 * 1024));
        assertEquals(100 * 1024, JSON.readTree(unprotected.next()).get("size").asInt(), "1 MiB limit there");
        unprotected.close();

        TestSocket protectedSocket = TestSocket.open(app.wsUri("/labs/abuse/protected"), app.url(""));
        protectedSocket.next();
        try {
            for (int i = 0; i < 50 && !protectedSocket.isClosed(); i++) {
                protectedSocket.send("{\"text\":\"m" + i + "\"}");
            }
        } catch (RuntimeException e) {
            // closed while sending
        }
        assertEquals(new TestSocket.Close(1013, "rate limit exceeded: 5 messages per second"), protectedSocket.awaitClose());
    }

    @Test
    void theProtectedEndpointValidatesEachMessage() throws Exception {
        TestSocket socket = TestSocket.open(app.wsUri("/labs/abuse/protected"), app.url(""));
        socket.next();
        socket.send("{\"text\":42,\"admin\":true}");
        assertEquals("invalid message: text must be a string; unknown field admin", JSON.readTree(socket.next()).get("error").asText());
        socket.send("{\"text\":\"hello\"}");
        assertEquals(1, JSON.readTree(socket.next()).get("accepted").asInt());
        socket.close();
    }

    @Test
    void theProtectedEndpointCapsSocketsAtThree() throws Exception {
        TestSocket[] open = new TestSocket[3];
        for (int i = 0; i < 3; i++) {
            open[i] = TestSocket.open(app.wsUri("/labs/abuse/protected"), app.url(""));
            open[i].next();
        }
        String fourth = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), "/labs/abuse/protected", app.url("")));
        assertEquals(429, RawHttp.status(fourth), fourth);
        assertTrue(fourth.contains("too many WebSocket connections from your address: at most 3 at once"), fourth);
        for (TestSocket socket : open) {
            socket.close();
        }
        // Closed sockets free their places (the server counts them down as their close arrives).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        TestSocket.Handshake again;
        do {
            again = TestSocket.handshake(app.wsUri("/labs/abuse/protected"), app.url(""), Map.of());
        } while (again.status() != 101 && System.nanoTime() < deadline);
        assertEquals(101, again.status());
        again.socket().close();
    }
}
