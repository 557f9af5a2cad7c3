package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop over HTTP, from loopback: the one-time login, the follow channel and its
 * resume, polls (hidden tallies, one vote per attendee, reveal, late joiners), chat with
 * hiding and limits, and the refusals that do not need another machine (RemoteAttendeeTest
 * has those that do).
 */
class WorkshopHttpTest {
    static TestApp app;
    static String instructorCookie;
    static final List<String> terminal = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        app = TestApp.workshop("127.0.0.1");
        app.app().workshop().printTo(terminal::add);
        instructorCookie = logIn();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String logIn() {
        String link = app.app().workshop().loginLink().replace("http://localhost:" + app.port(), "");
        HttpResponse<String> login = app.get(link);
        assertEquals(303, login.statusCode());
        assertEquals("/workshop/instructor", login.headers().firstValue("Location").orElseThrow());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rl_instructor=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    static HttpResponse<String> post(String path, String cookie, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Origin", app.url("")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return app.send(request.build());
    }

    static HttpResponse<String> get(String path, String cookie) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10)).header("Cookie", cookie).build());
    }

    /** Joins as {@code name}; returns the attendee's cookie. */
    static String join(String name) {
        HttpResponse<String> joined = post("/workshop/join", null, Json.object("name", name));
        assertEquals(200, joined.statusCode(), joined.body());
        String cookie = joined.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rl_attendee=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    static TestEventStream follow(String cookie, Map<String, String> more) {
        Map<String, String> headers = new java.util.HashMap<>(more);
        headers.put("Cookie", cookie);
        TestEventStream stream = TestEventStream.open(app.uri("/workshop/events"), headers);
        assertEquals(200, stream.status());
        return stream;
    }

    /** The next state event's envelope (seq, and the state in "text"). */
    static JsonNode nextState(TestEventStream stream, java.util.function.Predicate<JsonNode> wanted) {
        TestEventStream.Event event = stream.await(e -> e.event().equals("message") && wanted.test(state(parse(e.data()))));
        return parse(event.data());
    }

    static JsonNode state(JsonNode envelope) {
        return parse(envelope.path("text").asText());
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    static TestSocket socket(String cookie) {
        return TestSocket.open(app.wsUri("/workshop/socket"), app.url(""), Map.of("Cookie", cookie));
    }

    /** The next message of a socket that matches, skipping presence and replays. */
    static JsonNode next(TestSocket socket, java.util.function.Predicate<JsonNode> wanted) {
        for (int i = 0; i < 100; i++) {
            JsonNode message = parse(socket.next());
            if (wanted.test(message)) {
                return message;
            }
        }
        throw new AssertionError("no matching message");
    }

    @Test
    void theLoginLinkWorksOnceAndASpentOnePrintsANewOneInTheTerminal() {
        String spent = app.app().workshop().loginLink();
        HttpResponse<String> again = app.get("/workshop/login?token=" + "0".repeat(48));
        assertEquals(403, again.statusCode());
        assertTrue(terminal.stream().anyMatch(line -> line.contains("/workshop/login?token=")), terminal.toString());
        String fresh = app.app().workshop().loginLink();
        assertFalse(spent.equals(fresh));
        HttpResponse<String> reused = app.get(spent.replace("http://localhost:" + app.port(), ""));
        assertEquals(403, reused.statusCode());
    }

    @Test
    void theKeyNeverReachesAnAttendeePageOrTheInstructorsOwnPage() {
        String key = instructorCookie.substring(instructorCookie.indexOf('=') + 1);
        String attendee = join("Bea");
        for (String path : List.of("/workshop", "/lessons/rooms", "/")) {
            assertFalse(get(path, attendee).body().contains(key), path);
        }
        assertFalse(get("/workshop/instructor", instructorCookie).body().contains(key));
        assertEquals(200, get("/workshop/instructor", instructorCookie).statusCode());
    }

    @Test
    void attendeesAndStrangersAreRefusedEveryInstructorAction() {
        String attendee = join("Cy");
        for (String path : List.of("/workshop/instructor/move", "/workshop/instructor/poll", "/workshop/instructor/poll/reveal",
                "/workshop/instructor/poll/end", "/workshop/instructor/chat/hide")) {
            assertEquals(403, post(path, attendee, "{}").statusCode(), path);
            assertEquals(403, post(path, null, "{}").statusCode(), path);
        }
        for (String path : List.of("/workshop/instructor", "/workshop/instructor/slides", "/workshop/instructor/events",
                "/workshop/instructor/lessons", "/workshop/instructor/lesson/rooms")) {
            assertEquals(403, get(path, attendee).statusCode(), path);
        }
        assertEquals(401, get("/workshop/events", "rl_attendee=forged").statusCode());
        TestSocket.Handshake noCookie = TestSocket.handshake(app.wsUri("/workshop/socket"), app.url(""), Map.of());
        assertNotNull(noCookie.socket());
        assertEquals(1008, noCookie.socket().awaitClose().code());
    }

    @Test
    void badNamesForeignOriginsAndMissingOriginsAreRefused() throws Exception {
        assertEquals(400, post("/workshop/join", null, Json.object("name", "<script>")).statusCode());
        assertEquals(400, post("/workshop/join", null, Json.object("name", "x".repeat(25))).statusCode());
        assertEquals(400, post("/workshop/join", null, Json.object("name", "instructor")).statusCode());
        HttpResponse<String> foreign = app.send(HttpRequest.newBuilder(app.uri("/workshop/join")).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(Json.object("name", "Eve"))).build());
        assertEquals(403, foreign.statusCode());
        HttpResponse<String> noOrigin = app.send(HttpRequest.newBuilder(app.uri("/workshop/join"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.object("name", "Eve"))).build());
        assertEquals(403, noOrigin.statusCode());
        TestSocket.Handshake foreignSocket = TestSocket.handshake(app.wsUri("/workshop/socket"), "http://evil.example", Map.of());
        assertEquals(403, foreignSocket.status());
        // Host: only the printed join addresses and loopback (DNS rebinding).
        String head = RawHttp.exchange(app.port(), "GET /workshop HTTP/1.1\r\nHost: rebound.example:" + app.port() + "\r\nConnection: close\r\n\r\n");
        assertEquals(421, RawHttp.status(head));
    }

    @Test
    void namesInAnyScriptJoinChatAndShowInPresenceInNfc() {
        // "Zoë" typed with a combining diaeresis (as some keyboards send it) is stored as one character.
        HttpResponse<String> joined = post("/workshop/join", null, Json.object("name", "Zoe\u0308"));
        assertEquals(200, joined.statusCode(), joined.body());
        assertEquals("Zo\u00eb", parse(joined.body()).path("name").asText());
        String zoe = joined.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rl_attendee=")).findFirst()
                .map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
        assertTrue(get("/workshop", zoe).body().contains("Zo\u00eb"), "the join page shows the name as stored");
        TestSocket watcher = socket(join("\u0141ukasz"));
        TestSocket socket = socket(zoe);
        assertEquals("Zo\u00eb", next(socket, m -> m.path("type").asText().equals("welcome")).path("name").asText());
        JsonNode arrived = next(watcher, m -> m.path("type").asText().equals("join") && m.path("who").asText().startsWith("Zo"));
        assertEquals("Zo\u00eb", arrived.path("who").asText(), "presence carries the name");
        socket.send(Json.object("type", "say", "text", "cze\u015b\u0107"));
        JsonNode said = next(watcher, m -> m.path("type").asText().equals("message") && m.path("from").asText().startsWith("Zo"));
        assertEquals("Zo\u00eb", said.path("from").asText());
        socket.close();
        watcher.close();
        for (String name : List.of("\u674e\u96f7", "\u0410\u043d\u0430", "Ana-Mar\u00eda O'Neil", "\ud835\udc9c".repeat(24))) {
            HttpResponse<String> ok = post("/workshop/join", null, Json.object("name", name));
            assertEquals(200, ok.statusCode(), name + ": " + ok.body());
            assertEquals(name, parse(ok.body()).path("name").asText());
        }
    }

    @Test
    void namesWithControlBidiOrInvisibleCharactersAreRefusedWithAReason() {
        record Bad(String name, String reason) {}
        for (Bad bad : List.of(
                new Bad("Ada\u202Eevil", "bidirectional override"), // right-to-left override
                new Bad("\u2067Ada\u2069", "bidirectional override or isolate"), // right-to-left isolate
                new Bad("Ada\u200Fx", "bidirectional"), // right-to-left mark
                new Bad("Ada\nBo", "control character"),
                new Bad("A\u0007da", "control character"),
                new Bad("Ada\u200B", "invisible"), // zero-width space
                new Bad("Ad\u00ADa", "invisible"), // soft hyphen
                new Bad("Ada\u00A0Bo", "invisible"), // no-break space
                new Bad("<script>", "\"<\""),
                new Bad("\ud835\udc9c".repeat(25), "at most 24 characters; this one has 25"),
                new Bad("   ", "cannot be empty"),
                new Bad("Instructor", "instructor's"))) {
            HttpResponse<String> refused = post("/workshop/join", null, Json.object("name", bad.name()));
            assertEquals(400, refused.statusCode(), bad.name());
            String error = parse(refused.body()).path("error").asText();
            assertTrue(error.contains(bad.reason()), bad.reason() + " not in: " + error);
        }
    }

    @Test
    void followersMoveWithTheInstructorAndANewStreamStartsWhereTheRoomIs() {
        String attendee = join("Dee");
        assertEquals(200, post("/workshop/instructor/move", instructorCookie, Json.object("lesson", "rooms", "section", "try-it")).statusCode());
        try (TestEventStream stream = follow(attendee, Map.of())) {
            // A new stream gets the newest state first: the room is at rooms#try-it.
            JsonNode first = nextState(stream, s -> true);
            assertEquals("rooms", state(first).path("lesson").asText());
            assertEquals("try-it", state(first).path("section").asText());
            post("/workshop/instructor/move", instructorCookie, Json.object("lesson", "rooms", "section", "slow-members"));
            JsonNode moved = nextState(stream, s -> s.path("section").asText().equals("slow-members"));
            long seq = moved.path("seq").asLong();
            post("/workshop/instructor/move", instructorCookie, Json.object("lesson", "event-stream", "section", ""));
            // Reconnecting with the last id it saw, a page gets what it missed and lands where the instructor is.
            try (TestEventStream again = follow(attendee, Map.of("Last-Event-ID", Long.toString(seq)))) {
                JsonNode resumed = nextState(again, s -> true);
                assertEquals("event-stream", state(resumed).path("lesson").asText());
                assertTrue(resumed.path("seq").asLong() > seq);
            }
        }
        assertEquals(400, post("/workshop/instructor/move", instructorCookie, Json.object("lesson", "rooms", "section", "no-such")).statusCode());
        assertEquals(400, post("/workshop/instructor/move", instructorCookie, Json.object("lesson", "nope", "section", "")).statusCode());
    }

    @Test
    void aPollTalliesLiveForTheInstructorOnlyAndRevealsToEveryone() {
        String ada = join("Ada");
        String bo = join("Bo");
        assertEquals(200, post("/workshop/instructor/poll", instructorCookie, Json.object("lesson", "rooms", "number", 1)).statusCode());
        try (TestEventStream tally = TestEventStream.open(app.uri("/workshop/instructor/events"), Map.of("Cookie", instructorCookie));
             TestEventStream adaFollows = follow(ada, Map.of())) {
            JsonNode open = state(nextState(adaFollows, s -> s.has("poll")));
            int pollId = open.path("poll").path("id").asInt();
            assertTrue(open.path("poll").path("open").asBoolean());
            assertFalse(open.path("poll").has("counts"), "no results before the reveal");
            assertFalse(open.path("poll").has("correct"), "no answer before the reveal");
            TestSocket adaSocket = socket(ada);
            TestSocket boSocket = socket(bo);
            adaSocket.send(Json.object("type", "vote", "poll", pollId, "answer", 1));
            assertEquals("voted", next(adaSocket, m -> m.path("type").asText().matches("voted|error")).path("type").asText());
            adaSocket.send(Json.object("type", "vote", "poll", pollId, "answer", 0)); // a change replaces the vote
            next(adaSocket, m -> m.path("type").asText().equals("voted"));
            boSocket.send(Json.object("type", "vote", "poll", pollId, "answer", 0));
            next(boSocket, m -> m.path("type").asText().equals("voted"));
            JsonNode counted = parse(parse(tally.await(e -> parse(parse(e.data()).path("text").asText()).path("poll").path("voters").asInt() == 2)
                    .data()).path("text").asText());
            assertEquals(2, counted.path("poll").path("counts").get(0).asInt());
            assertEquals(0, counted.path("poll").path("counts").get(1).asInt());
            boSocket.send(Json.object("type", "vote", "poll", pollId, "answer", 99));
            assertEquals("error", next(boSocket, m -> m.path("type").asText().matches("voted|error")).path("type").asText());
            // A late joiner sees the open poll.
            String late = join("Late");
            try (TestEventStream lateFollows = follow(late, Map.of())) {
                assertEquals(pollId, state(nextState(lateFollows, s -> true)).path("poll").path("id").asInt());
            }
            assertEquals(200, post("/workshop/instructor/poll/reveal", instructorCookie, "{}").statusCode());
            JsonNode revealed = state(nextState(adaFollows, s -> s.path("poll").path("revealed").asBoolean()));
            assertEquals(2, revealed.path("poll").path("counts").get(0).asInt());
            assertEquals(0, revealed.path("poll").path("correct").asInt());
            assertFalse(revealed.path("poll").path("explanations").get(0).asText().isEmpty());
            adaSocket.close();
            boSocket.close();
        }
        post("/workshop/instructor/poll/end", instructorCookie, "{}");
    }

    @Test
    void chatMessagesAreLimitedAndTheInstructorHidesOneForEveryone() {
        String ada = join("Chatty");
        TestSocket socket = socket(ada);
        socket.send(Json.object("type", "say", "text", "<b>hello</b>"));
        // (skipping what other tests said: a socket first gets the chat's recent messages)
        JsonNode said = next(socket, m -> m.path("type").asText().equals("message") && m.path("from").asText().equals("Chatty"));
        assertEquals("<b>hello</b>", parse(said.path("text").asText()).path("say").asText(), "stored and sent as text");
        socket.send(Json.object("type", "say", "text", "x".repeat(281)));
        assertTrue(next(socket, m -> m.path("type").asText().equals("error")).path("message").asText().contains("280"));
        for (int i = 0; i < 8; i++) {
            socket.send(Json.object("type", "say", "text", "spam " + i));
        }
        assertTrue(next(socket, m -> m.path("type").asText().equals("error")).path("message").asText().contains("slow down"));
        long seq = said.path("seq").asLong();
        assertEquals(200, post("/workshop/instructor/chat/hide", instructorCookie, Json.object("seq", seq)).statusCode());
        JsonNode hide = next(socket, m -> m.path("type").asText().equals("message") && m.path("text").asText().contains("hide"));
        assertEquals(seq, parse(hide.path("text").asText()).path("hide").asLong());
        assertEquals(403, post("/workshop/instructor/chat/hide", ada, Json.object("seq", seq)).statusCode());
        socket.close();
    }

    @Test
    void speakerNotesReachOnlyThePresenterAndTheQrCodeIsServed() {
        HttpResponse<String> material = get("/workshop/instructor/lesson/workshop-mode", instructorCookie);
        assertEquals(200, material.statusCode());
        String notes = parse(material.body()).path("sections").findValues("notes").stream().map(JsonNode::asText)
                .filter(n -> !n.isEmpty()).findFirst().orElseThrow();
        String page = app.get("/lessons/workshop-mode").body();
        assertFalse(page.contains(notes.substring(0, Math.min(40, notes.length()))), "the lesson page shows no notes");
        HttpResponse<String> qr = app.get("/workshop/qr.svg?n=0");
        assertEquals(200, qr.statusCode());
        assertTrue(qr.body().startsWith("<svg"));
        assertEquals(List.of("http://127.0.0.1:" + app.port() + "/workshop"), app.app().workshop().joinUrls());
    }
}
