package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestSocket;
import dev.realtimelab.live.frames.FrameEncoder;
import dev.realtimelab.shared.Limits;
import dev.realtimelab.AppTest;
import dev.realtimelab.TestApp;
import dev.realtimelab.security.lab.DeliberatelyVulnerable;
import dev.realtimelab.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OWASP WebSocket checklist (as summarised in FACTS.md), item by item, against the running
 * app. Lesson 12 ("Security of this app") names each test here.
 *
 * <p>Sockets are found two ways. Every WebSocket route the app registered is discovered at run
 * time, so a new endpoint gets the Origin, size and cap checks without anyone editing this
 * file. The message tests (size, rate) need sockets that take text and stay open: those are
 * listed in {@link #MESSAGE_SOCKETS}, and {@link #everyWebSocketRouteIsCoveredByTheChecklist}
 * fails until each discovered route is listed in one of the two lists below.
 */
class SecurityChecklistTest extends AppTest {
    /**
     * Anonymous sockets that accept text messages and keep the socket open.
     * LEAD, AT MERGE: add the real endpoints here, e.g. "/ws/echo" and "/ws/room/checklist".
     */
    static final List<String> MESSAGE_SOCKETS = List.of(
            "/labs/echo", "/ws/echo", "/ws/room/checklist", "/ws/handshake");

    /**
     * Real sockets that the message tests cannot drive (they close on their own, or expect a
     * protocol of their own), each with the reason. LEAD, AT MERGE: add any such endpoint here.
     */
    static final Map<String, String> SOCKETS_WITHOUT_MESSAGE_TESTS = Map.of(
            "/ws/resume", "answers only with a ?session= id; the size and rate limits are the same hook as every"
                    + " other socket's, and ResumableSocketFeedTest drives its messages");


    /** Every WebSocket route, with path parameters filled in ("{room}" becomes "checklist"). */
    static Stream<String> everyWebSocket() {
        return app.app().security().webSocketPaths().stream()
                .filter(path -> !DeliberatelyVulnerable.skipsOriginCheck(path))
                .map(path -> path.replaceAll("\\{[^}]+}|<[^>]+>", "checklist"));
    }

    static Stream<String> messageSockets() {
        return MESSAGE_SOCKETS.stream();
    }

    @Test
    void everyWebSocketRouteIsCoveredByTheChecklist() {
        List<String> uncovered = new ArrayList<>();
        everyWebSocket().filter(path -> !path.startsWith("/labs/"))
                .filter(path -> !MESSAGE_SOCKETS.contains(path) && !SOCKETS_WITHOUT_MESSAGE_TESTS.containsKey(path))
                .forEach(uncovered::add);
        assertEquals(List.of(), uncovered, "add these WebSocket routes to MESSAGE_SOCKETS or SOCKETS_WITHOUT_MESSAGE_TESTS");
        assertTrue(everyWebSocket().count() > 0, "the app has WebSocket routes");
    }

    // Checklist: exact Origin allow-list on every WebSocket; CSRF protection of the handshake.
    @ParameterizedTest
    @MethodSource("everyWebSocket")
    void everyWebSocketRefusesForeignAndNullOriginsAndMissingOnesOffThePublicDemos(String path) {
        String own = app.url("");
        List<String> foreign = new ArrayList<>(List.of(
                "http://evil.example", "null", own + ".evil.example", own + "0", own.replace("http://", "https://"),
                "http://localhost:" + (app.port() + 1), "http://LOCALHOST:" + app.port() + "/"));
        for (String origin : foreign) {
            TestSocket.Handshake refused = TestSocket.handshake(app.wsUri(path), origin, Map.of());
            assertEquals(403, refused.status(), path + " from Origin " + origin);
        }
        // Without Origin: a program, not a page. Only the public demo sockets, which hold no session, take it.
        TestSocket.Handshake withoutOrigin = TestSocket.handshake(app.wsUri(path), null, Map.of());
        if (withoutOrigin.socket() != null) {
            withoutOrigin.socket().close();
        }
        assertEquals(OriginPolicy.servesClientsWithoutOrigin("GET", path) ? 101 : 403, withoutOrigin.status(), path + " without Origin");
    }

    @ParameterizedTest
    @MethodSource("messageSockets")
    void theAppsOwnOriginsAreAccepted(String path) {
        for (String host : List.of("localhost", "127.0.0.1")) {
            String origin = "http://" + host + ":" + app.port();
            TestSocket socket = TestSocket.open(app.wsUri(path), origin);
            socket.close();
        }
    }

    // Checklist: limit message size (64 KB or less).
    @ParameterizedTest
    @MethodSource("messageSockets")
    void messagesOver64KiBAreClosedWith1009(String path) throws IOException {
        // One byte too many, in one whole frame, written by hand: the server reads the frame to
        // its end before it refuses the message (HostileInputTest covers bigger announcements).
        byte[] tooBig = "x".repeat(Limits.MAX_MESSAGE_BYTES + 1).getBytes(StandardCharsets.US_ASCII);
        for (int opcode : new int[] {FrameEncoder.TEXT, FrameEncoder.BINARY}) {
            try (Socket socket = RawHttp.upgrade(app, path)) {
                socket.getOutputStream().write(FrameEncoder.encode(true, opcode, tooBig, new byte[] {1, 2, 3, 4}));
                assertEquals(1009, RawHttp.closeCode(socket.getInputStream()), path + (opcode == FrameEncoder.TEXT ? " text" : " binary"));
            }
        }
    }

    // Checklist: limit message rate (1013, "try again later": the sender was only too fast).
    @ParameterizedTest
    @MethodSource("messageSockets")
    void messageFloodsAreClosedWith1013(String path) {
        SecuritySettings limits = app.app().security().settings();
        TestSocket socket = TestSocket.open(app.wsUri(path), app.url(""));
        int sent = 0;
        try {
            for (; sent < limits.messageBurst() * 3 && !socket.isClosed(); sent++) {
                socket.send("{\"text\":\"flood " + sent + "\"}");
            }
        } catch (RuntimeException e) {
            // the server closed the socket while we were still sending: that is the point
        }
        TestSocket.Close close = socket.awaitClose();
        assertEquals(1013, close.code(), path + " after " + sent + " messages");
        assertEquals("rate limit exceeded: " + limits.messagesPerSecond() + " messages per second", close.reason());
    }

    // Checklist: validate messages (text frames must be UTF-8, RFC 6455 section 8.1).
    @Test
    void textThatIsNotUtf8IsClosedWith1007() throws IOException {
        byte[] invalid = {(byte) 0xc3, 0x28}; // a two-byte sequence with a broken second byte
        assertEquals(1007, RawHttp.closeCodeAfterTextFrame(app.port(), MESSAGE_SOCKETS.get(0), app.url(""), invalid));
    }

    // Checklist: idle timeouts. Every socket gets the app's timeout; the lab endpoint reports it.
    @Test
    void everySocketHasAnIdleTimeout() throws Exception {
        TestSocket socket = TestSocket.open(app.wsUri("/labs/abuse/protected"), app.url(""));
        var hello = new com.fasterxml.jackson.databind.ObjectMapper().readTree(socket.next());
        assertEquals(Limits.IDLE_TIMEOUT.toSeconds(), hello.get("appIdleTimeoutSeconds").asLong());
        assertTrue(Limits.IDLE_TIMEOUT.toMinutes() >= 1 && Limits.IDLE_TIMEOUT.toMinutes() <= 15);
        socket.close();
    }

    // Checklist: CSRF protection. A write from a page on another origin is refused.
    @Test
    void writesFromAnotherOriginOrSiteAreRefused() {
        assertEquals(403, post("/labs/login", Map.of("Origin", "http://localhost:" + (app.port() + 1))).statusCode());
        assertEquals(403, post("/labs/login", Map.of("Origin", "null")).statusCode());
        assertEquals(403, post("/labs/login", Map.of("Sec-Fetch-Site", "cross-site")).statusCode());
        assertEquals(403, post("/exercises/any-exercise/reset", Map.of("Origin", "http://evil.example")).statusCode());
        assertEquals(200, post("/labs/login", Map.of("Origin", app.url(""))).statusCode());
    }

    // Checklist: limit size, for HTTP bodies too. (Over a plain socket: the server answers 413 at
    // once and closes, which java.net.http may not read while it is still sending the body.)
    @Test
    void requestBodiesOver64KiBGet413() throws IOException {
        String head = RawHttp.exchange(app.port(), "POST /labs/login HTTP/1.1\r\nHost: localhost:" + app.port()
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + (64 * 1024 + 1) + "\r\n\r\n");
        assertEquals(413, RawHttp.status(head), head);
    }

    // DNS rebinding: a page on another name that resolves to this machine.
    @Test
    void requestsForAnotherHostGet421() throws IOException {
        String head = RawHttp.exchange(app.port(), "GET / HTTP/1.1\r\nHost: rebind.evil.example:" + app.port() + "\r\nConnection: close\r\n\r\n");
        assertEquals(421, RawHttp.status(head), head);
        // A handshake from the app's own origin but for another Host (the Origin check runs first,
        // so a rebinding page's own Origin gets 403 before this).
        String socket = RawHttp.exchange(app.port(), "GET " + MESSAGE_SOCKETS.get(0) + " HTTP/1.1\r\nHost: rebind.evil.example:" + app.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: " + app.url("") + "\r\n\r\n");
        assertEquals(421, RawHttp.status(socket), socket);
        assertEquals(200, RawHttp.status(RawHttp.exchange(app.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + app.port() + "\r\nConnection: close\r\n\r\n")));
    }

    // Caps: a handshake must not leave server state behind (Javalin makes an HTTP session for each).
    @Test
    void handshakesLeaveNoServerSessionOrCookieBehind() throws IOException {
        String accepted = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), MESSAGE_SOCKETS.get(0), app.url("")));
        assertEquals(101, RawHttp.status(accepted), accepted);
        String refused = RawHttp.exchange(app.port(), RawHttp.handshake(app.port(), MESSAGE_SOCKETS.get(0), "http://evil.example"));
        assertEquals(403, RawHttp.status(refused), refused);
        for (String head : List.of(accepted, refused)) {
            assertFalse(head.contains("JSESSIONID"), head);
        }
    }

    // Security headers on every kind of response.
    @ParameterizedTest
    @ValueSource(strings = {"/", "/css/course.css", "/js/course.js", "/search.json?q=origin", "/no/such/page", "/labs/me"})
    void everyResponseCarriesTheSecurityHeaders(String path) {
        HttpResponse<String> response = app.get(path);
        var headers = response.headers();
        String policy = headers.firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), path + ": " + policy);
        assertTrue(policy.contains("connect-src 'self'"), path + ": " + policy);
        assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(""), path);
        assertEquals("no-referrer", headers.firstValue("Referrer-Policy").orElse(""), path);
        assertEquals("SAMEORIGIN", headers.firstValue("X-Frame-Options").orElse(""), path);
    }

    // Checklist: SameSite cookies (the only cookie the app sets is the labs' session).
    @Test
    void theLabCookieIsHttpOnlyAndSameSiteStrict() {
        String cookie = post("/labs/login", Map.of("Origin", app.url(""))).headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("lab_session="), cookie);
        assertTrue(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/labs"), cookie);
    }

    // Checklist: log events, not message contents (nor tickets, tokens or cookies).
    @Test
    void securityEventsAreLoggedWithoutContentsOrSecrets() {
        String secret = "my-password-is-hunter2";
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TestSocket socket = TestSocket.open(app.wsUri(MESSAGE_SOCKETS.get(0) + "?token=" + secret), app.url(""));
            try {
                for (int i = 0; i < app.app().security().settings().messageBurst() * 3 && !socket.isClosed(); i++) {
                    socket.send(secret + " " + i);
                }
            } catch (RuntimeException e) {
                // closed while sending
            }
            assertEquals(1013, socket.awaitClose().code());
            TestSocket.handshake(app.wsUri(MESSAGE_SOCKETS.get(0) + "?ticket=" + secret), "http://evil.example", Map.of("Cookie", "lab_session=" + secret));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("refused " + MESSAGE_SOCKETS.get(0) + " from 127.0.0.1 with 1013: rate limit exceeded"), log);
        assertTrue(log.contains("with 403: Origin http://evil.example is not allowed"), log);
        assertFalse(log.contains(secret), "the log must not contain message contents, tokens or cookies:\n" + log);
    }

    // Checklist: treat messages as untrusted; render as text, never as HTML.
    @Test
    void noScriptOfTheCourseParsesReceivedTextAsHtml() throws IOException {
        Path scripts = TestApp.ROOT.resolve("src/main/resources/static/js");
        // The lab 11 renderer is the one deliberate exception: it runs in a sandboxed frame.
        Path allowed = scripts.resolve("labs/xss-frame.js");
        Pattern html = Pattern.compile("\\.innerHTML\\s*[+]?=|\\.outerHTML\\s*=|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\(");
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(scripts)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js") && !f.equals(allowed)).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (html.matcher(lines.get(i)).find()) {
                        offenders.add(TestApp.ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "render what people send with textContent");
        assertTrue(Files.readString(allowed).contains("innerHTML"), "the lab's vulnerable renderer is still the exception it claims to be");
    }

    // No secrets in URLs: outside the labs, no handler reads a credential from the query string.
    /** Query parameters whose names look like credentials but grant nothing, each with why. */
    static final Map<String, String> NOT_CREDENTIALS = Map.of(
            "key", "the frame builder's masking key (lesson 05): demo input, shown on the page",
            "session", "the name a demo page picks for its own numbered feed (lessons 03, 07): it unlocks nothing");
    /** One-time tickets in a URL, which the rule allows, each where it is read and why it is one. */
    static final Map<String, String> ONE_TIME_TICKETS = Map.of(
            "src/main/java/dev/realtimelab/workshop/Workshop.java reads ?token",
            "the workshop's instructor login link: printed only in the terminal, answered on loopback only,"
                    + " spent on first use and swapped at once for an HttpOnly cookie (WorkshopHttpTest proves the one use)");

    @Test
    void noRealEndpointReadsACredentialFromItsUrl() throws IOException {
        Path sources = TestApp.ROOT.resolve("src/main/java/dev/realtimelab");
        Pattern read = Pattern.compile("queryParam\\(\"([^\"]*)\"");
        Pattern credential = Pattern.compile("token|ticket|password|secret|session|key|auth", Pattern.CASE_INSENSITIVE);
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(sources.resolve("security/lab"))).toList()) {
                var names = read.matcher(Files.readString(file));
                while (names.find()) {
                    String name = names.group(1);
                    String offence = TestApp.ROOT.relativize(file) + " reads ?" + name;
                    if (credential.matcher(name).find() && !NOT_CREDENTIALS.containsKey(name) && !ONE_TIME_TICKETS.containsKey(offence)) {
                        offenders.add(offence);
                    }
                }
            }
        }
        assertEquals(List.of(), offenders, "credentials in URLs end up in logs: use a cookie or a one-time ticket (lesson 10)");
    }

    // Lesson 12 names a test for each claim: each must exist, or the claim is unproven.
    @Test
    void everyTestLesson11NamesExists() throws IOException {
        Path lessonFile;
        try (Stream<Path> lessons = Files.list(TestApp.ROOT.resolve("lessons"))) { // by slug: lessons get renumbered
            lessonFile = lessons.filter(f -> f.getFileName().toString().endsWith("-security-of-this-app.md")).findFirst().orElseThrow();
        }
        String lesson = Files.readString(lessonFile);
        var named = Pattern.compile("`([A-Z][A-Za-z0-9]*Test)#([a-zA-Z0-9]+)`").matcher(lesson);
        List<String> missing = new ArrayList<>();
        int count = 0;
        while (named.find()) {
            count++;
            Path source;
            try (Stream<Path> files = Files.walk(TestApp.ROOT.resolve("src/test/java"))) {
                source = files.filter(f -> f.getFileName().toString().equals(named.group(1) + ".java")).findFirst().orElse(null);
            }
            if (source == null || !Pattern.compile("void " + named.group(2) + "\\(").matcher(Files.readString(source)).find()) {
                missing.add(named.group());
            }
        }
        assertTrue(count > 20, "lesson 12 names its tests");
        assertEquals(List.of(), missing);
    }

    private static HttpResponse<String> post(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(java.time.Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return app.send(request.build());
    }
}
