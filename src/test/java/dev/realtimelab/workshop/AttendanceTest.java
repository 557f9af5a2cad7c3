package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.grading.GradingFixture;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workshop part 2 over HTTP and WebSocket, as an attendee's copy of the course speaks to it: the
 * join code, the ticket that binds the name, numbered reports acknowledged once and applied once,
 * the dashboard's snapshot then changes, limits with their close codes, and a restart that loses
 * nothing acknowledged. (The attendee's app itself, WorkshopLink, is in AttendeeAppsBrowserTest.)
 */
class AttendanceTest {
    Path root;
    TestApp app;
    String instructor;

    @BeforeEach
    void start() {
        root = GradingFixture.copy();
        app = TestApp.workshopOn(root);
        instructor = logIn(app);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        GradingFixture.delete(root);
    }

    static String logIn(TestApp app) {
        HttpResponse<String> login = app.get(app.app().workshop().loginLink().replace("http://localhost:" + app.port(), ""));
        assertEquals(303, login.statusCode());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rl_instructor=")).findFirst().orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** As the attendee's app sends it: no Origin, no cookie. */
    HttpResponse<String> join(String code, String name) {
        return app.send(HttpRequest.newBuilder(app.uri("/workshop/attend/join")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.object("code", code, "name", name))).build());
    }

    String ticket(String name) {
        HttpResponse<String> joined = join(app.app().attendance().joinCode(), name);
        assertEquals(200, joined.statusCode(), joined.body());
        return TestSocket.json(joined.body()).path("ticket").asText();
    }

    TestSocket socket(String ticket) {
        TestSocket socket = TestSocket.open(app.wsUri("/workshop/attend/socket"), null, Map.of("Authorization", "Bearer " + ticket));
        socket.next("welcome");
        return socket;
    }

    TestEventStream dashboard() {
        TestEventStream stream = TestEventStream.open(app.uri("/workshop/instructor/dashboard/events"), Map.of("Cookie", instructor));
        assertEquals(200, stream.status());
        return stream;
    }

    static String report(long seq, String state, int attempts) {
        return Json.object("type", "report", "seq", seq, "lesson", "fixture",
                "exercises", Map.of("adder", Map.of("state", state, "attempts", attempts, "age", 1000)));
    }

    static JsonNode attendee(TestEventStream stream, String name, java.util.function.Predicate<JsonNode> wanted) {
        return stream.await(e -> e.event().equals("attendee") && e.json().path("attendee").path("name").asText().equals(name)
                && wanted.test(e.json().path("attendee"))).json().path("attendee");
    }

    @Test
    void aWrongJoinCodeIsRefusedWithAReasonAndTheRightOneGivesATicket() {
        HttpResponse<String> wrong = join("NOPE42", "Ada");
        assertEquals(403, wrong.statusCode());
        assertTrue(wrong.body().contains("join code is wrong"), wrong.body());
        HttpResponse<String> bad = join(app.app().attendance().joinCode(), "<b>Ada</b>");
        assertEquals(400, bad.statusCode(), bad.body());
        HttpResponse<String> lowercase = join(app.app().attendance().joinCode().toLowerCase(), "Ada");
        assertEquals(200, lowercase.statusCode(), lowercase.body());
        assertFalse(TestSocket.json(lowercase.body()).path("ticket").asText().isEmpty());
        // The roster's one name rule: any script, stored in NFC, invisible characters refused with a reason.
        HttpResponse<String> decomposed = join(app.app().attendance().joinCode(), "Zoe\u0308 \u674e\u96f7");
        assertEquals(200, decomposed.statusCode(), decomposed.body());
        assertEquals("Zo\u00eb \u674e\u96f7", TestSocket.json(decomposed.body()).path("name").asText());
        HttpResponse<String> override = join(app.app().attendance().joinCode(), "Ada\u202Egnp.exe");
        assertEquals(400, override.statusCode(), override.body());
        assertTrue(override.body().contains("U+202E"), override.body());
    }

    @Test
    void aSocketWithoutAKnownTicketIsClosedAsPolicy() {
        TestSocket none = TestSocket.open(app.wsUri("/workshop/attend/socket"), null, Map.of());
        assertEquals(1008, none.awaitClose().code());
        TestSocket wrong = TestSocket.open(app.wsUri("/workshop/attend/socket"), null, Map.of("Authorization", "Bearer 1234"));
        TestSocket.Close closed = wrong.awaitClose();
        assertEquals(1008, closed.code());
        assertTrue(closed.reason().contains("ticket"), closed.reason());
    }

    @Test
    void reportsReachTheDashboardUnderTheTicketsNameAndAResendIsAppliedOnce() {
        String ticket = ticket("Ada");
        TestEventStream dashboard = dashboard();
        JsonNode snapshot = dashboard.await(e -> e.event().equals("snapshot")).json();
        assertEquals(app.app().attendance().joinCode(), snapshot.path("joinCode").asText());
        assertEquals("adder", snapshot.path("exercises").get(0).path("id").asText());

        TestSocket ada = socket(ticket);
        // A name in the message changes nothing: the ticket says who this is.
        ada.send(Json.object("type", "report", "seq", 1, "name", "Bo", "lesson", "fixture",
                "exercises", Map.of("adder", Map.of("state", "failed", "attempts", 2, "age", 0))));
        assertEquals(1, ada.next("ack").path("seq").asLong());
        JsonNode row = attendee(dashboard, "Ada", a -> a.path("exercises").path("adder").path("attempts").asInt() == 2);
        assertTrue(row.path("online").asBoolean());
        assertEquals("fixture", row.path("lesson").asText());

        // The network drops before the ack of 2 arrives: the app resends 2 on its next socket.
        ada.send(report(2, "failed", 3));
        ada.next("ack");
        ada.close();
        attendee(dashboard, "Ada", a -> !a.path("online").asBoolean());
        TestSocket again = TestSocket.open(app.wsUri("/workshop/attend/socket"), null, Map.of("Authorization", "Bearer " + ticket));
        assertEquals(2, again.next("welcome").path("lastSeq").asLong());
        again.send(report(2, "passed", 0)); // a stale resend with a used number: acknowledged, not applied
        assertEquals(2, again.next("ack").path("seq").asLong());
        again.send(report(3, "passed", 0));
        again.next("ack");
        JsonNode passed = attendee(dashboard, "Ada", a -> a.path("exercises").path("adder").path("state").asText().equals("passed"));
        assertTrue(passed.path("online").asBoolean());
        again.close();
        dashboard.close();
    }

    @Test
    void aFloodIsClosedWith1013WhileOthersStillReachTheDashboard() {
        TestSocket flood = socket(ticket("Flood"));
        TestSocket bo = socket(ticket("Bo"));
        TestEventStream dashboard = dashboard();
        for (int i = 1; i <= Attendance.REPORT_BURST * 5; i++) {
            flood.sendAsync(report(i, "failed", i));
        }
        TestSocket.Close closed = flood.awaitClose();
        assertEquals(1013, closed.code());
        assertTrue(closed.reason().contains("rate limit"), closed.reason());
        bo.send(report(1, "passed", 0));
        attendee(dashboard, "Bo", a -> a.path("exercises").path("adder").path("state").asText().equals("passed"));
        bo.close();
        dashboard.close();
    }

    @Test
    void tooBigOrMalformedMessagesAreClosedWithAReason() {
        String ticket = ticket("Ada");
        TestSocket big = socket(ticket);
        big.send(Json.object("type", "ask", "seq", 1, "text", "x".repeat(Attendance.MAX_MESSAGE_CHARS)));
        assertEquals(1009, big.awaitClose().code());
        TestSocket odd = socket(ticket);
        odd.send(Json.object("type", "answer", "seq", 1, "question", 1)); // an instructor's action, from an attendee
        TestSocket.Close closed = odd.awaitClose();
        assertEquals(1008, closed.code());
        assertTrue(closed.reason().contains("unknown message type"), closed.reason());
        // Another version of the course may have other exercises: those are left out, not refused.
        TestSocket other = socket(ticket);
        other.send(Json.object("type", "report", "seq", 1, "lesson", "not-in-this-course",
                "exercises", Map.of("not-here", Map.of("state", "passed", "attempts", 0, "age", 0))));
        assertEquals(1, other.next("ack").path("seq").asLong());
        other.send(Json.object("type", "report", "seq", 2, "exercises", Map.of("adder", Map.of("state", "<b>won</b>", "attempts", 0, "age", 0))));
        assertEquals(1008, other.awaitClose().code());
    }

    @Test
    void instructorActionsNeedTheInstructorsKey() {
        for (String path : new String[] {"/workshop/instructor/hands/lower", "/workshop/instructor/questions/hide",
                "/workshop/instructor/questions/answer", "/workshop/instructor/questions/anonymous"}) {
            HttpResponse<String> refused = app.send(HttpRequest.newBuilder(app.uri(path)).header("Origin", app.url(""))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":1}")).build());
            assertEquals(403, refused.statusCode(), path);
        }
        assertEquals(403, app.get("/workshop/instructor/dashboard/events").statusCode());
    }

    HttpResponse<String> instructorPost(String path, String json) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Origin", app.url("")).header("Cookie", instructor)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void handsQuestionsAndProgressSurviveARestart() throws Exception {
        String adaTicket = ticket("Ada");
        String boTicket = ticket("Bo");
        TestSocket ada = socket(adaTicket);
        TestSocket bo = socket(boTicket);
        ada.send(report(1, "failed", 3));
        ada.next("ack");
        ada.send(Json.object("type", "hand", "seq", 2, "note", "<img src=x onerror=alert(1)>"));
        ada.next("ack");
        bo.send(Json.object("type", "ask", "seq", 1, "text", "Why 1013?", "anonymous", true));
        assertTrue(bo.next("ack").path("refused").asText().contains("anonymous"), "anonymous is off by default");
        bo.send(Json.object("type", "ask", "seq", 2, "text", "Why 1013?"));
        bo.next("ack");
        ada.send(Json.object("type", "upvote", "seq", 3, "question", 1));
        ada.next("ack");
        ada.send(Json.object("type", "upvote", "seq", 4, "question", 1)); // once each
        ada.next("ack");
        assertEquals(200, instructorPost("/workshop/instructor/questions/anonymous", "{\"allowed\":true}").statusCode());
        bo.send(Json.object("type", "ask", "seq", 3, "text", "Anonymous one", "anonymous", true));
        assertFalse(bo.next("ack").has("refused"));
        String code = app.app().attendance().joinCode();
        ada.close();
        bo.close();

        app.close();
        assertTrue(Files.isRegularFile(Attendance.stateFile(root)));
        assertFalse(Files.readString(Attendance.stateFile(root)).contains(adaTicket), "only a hash of the ticket is kept");
        app = TestApp.workshopOn(root);
        instructor = logIn(app);
        assertEquals(code, app.app().attendance().joinCode());

        JsonNode snapshot = dashboard().await(e -> e.event().equals("snapshot")).json();
        JsonNode adaRow = null;
        for (JsonNode row : snapshot.path("attendees")) {
            if (row.path("name").asText().equals("Ada")) {
                adaRow = row;
            }
            assertFalse(row.path("online").asBoolean(), "nobody is online right after a restart");
        }
        assertEquals(3, adaRow.path("exercises").path("adder").path("attempts").asInt());
        assertEquals("<img src=x onerror=alert(1)>", snapshot.path("hands").get(0).path("note").asText());
        JsonNode first = snapshot.path("questions").get(0);
        assertEquals("Why 1013?", first.path("text").asText());
        assertEquals(1, first.path("votes").asInt());
        assertEquals("Bo", first.path("from").asText());
        assertTrue(snapshot.path("questions").get(1).path("from").isMissingNode() || snapshot.path("questions").get(1).path("from").isNull());
        assertTrue(snapshot.path("anonymous").asBoolean());
        // The ticket still works, and the app's numbering goes on where it was.
        TestSocket back = TestSocket.open(app.wsUri("/workshop/attend/socket"), null, Map.of("Authorization", "Bearer " + adaTicket));
        assertEquals(4, back.next("welcome").path("lastSeq").asLong());
        JsonNode room = back.next("room");
        assertEquals(1, room.path("hand").path("position").asInt());
        back.close();
    }
}
