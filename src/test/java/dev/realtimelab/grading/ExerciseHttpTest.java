package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.testkit.TestEventStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exercises over real HTTP, on a temporary copy of the fixture course: a save on disk
 * becomes a verdict on the feed; hints, solution and reset; refusals; a restart keeps progress.
 */
class ExerciseHttpTest {
    static final Duration GENEROUS = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static Path root;
    static TestApp app;

    @BeforeAll
    static void start() {
        root = GradingFixture.copy();
        app = new TestApp(root);
    }

    @AfterAll
    static void stop() {
        app.close();
        GradingFixture.delete(root);
    }

    @Test
    void aSavedFileIsGradedAndTheVerdictArrivesOnTheFeed() throws Exception {
        try (TestEventStream feed = TestEventStream.open(app.http(), app.uri("/exercises/events")).requireOpen()) {
            GradingFixture.write(root.resolve(GradingFixture.ADDER), GradingFixture.variant("Wrong"));

            TestEventStream.Event compiling = feed.next(e -> e.event().equals("progress"), GENEROUS);
            assertEquals("compiling", compiling.json().path("phase").asText(), "the page hears 'compiling' first");
            JsonNode failed = feed.verdict("adder", GENEROUS);
            assertEquals("failed", failed.path("status").asText(), failed.toString());
            assertEquals("workspace", failed.path("source").asText());
            assertTrue(failed.toString().contains("add(2, -3) should be -1 ==> expected: <-1> but was: <5>"), failed.toString());

            GradingFixture.write(root.resolve(GradingFixture.ADDER), GradingFixture.variant("Broken"));
            JsonNode broken = feed.verdict("adder", GENEROUS);
            assertEquals("compile-error", broken.path("status").asText(), broken.toString());
            JsonNode error = broken.path("compileErrors").get(0);
            assertEquals(GradingFixture.ADDER, error.path("file").asText());
            assertEquals(8, error.path("line").asInt());

            GradingFixture.write(root.resolve(GradingFixture.ADDER), GradingFixture.solution());
            JsonNode passed = feed.verdict("adder", GENEROUS);
            assertEquals("passed", passed.path("status").asText(), passed.toString());
        }
        JsonNode state = json(app.get("/exercises/adder/state"));
        assertEquals("passed", state.path("state").asText());
        assertTrue(state.path("solutionUnlocked").asBoolean());
    }

    @Test
    void checkNowGradesTheWorkspaceOnRequest() throws Exception {
        try (TestEventStream feed = TestEventStream.open(app.http(), app.uri("/exercises/events")).requireOpen()) {
            HttpResponse<String> queued = post("/exercises/adder/check", app.url(""), "{}");
            assertEquals(202, queued.statusCode(), queued.body());
            assertEquals("adder", feed.verdict("adder", GENEROUS).path("exercise").asText());
        }
    }

    @Test
    void hintsComeOneAtATimeAndStopAtTheLast() throws Exception {
        Path other = GradingFixture.copy();
        try (TestApp fresh = new TestApp(other)) {
            List<Integer> counts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> hint = post(fresh, "/exercises/adder/hint", fresh.url(""), "{}");
                assertEquals(200, hint.statusCode(), hint.body());
                counts.add(json(hint).path("revealed").size());
            }
            assertEquals(List.of(1, 2, 2), counts);
            JsonNode state = json(fresh.get("/exercises/adder/state"));
            assertEquals("Java's `+` adds two ints; return `a + b`.", state.path("hints").path("revealed").get(1).asText());
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void theSolutionIsGivenBeforeAPassOnlyWhenConfirmed() throws Exception {
        Path other = GradingFixture.copy();
        try (TestApp fresh = new TestApp(other)) {
            HttpResponse<String> locked = post(fresh, "/exercises/adder/solution", fresh.url(""), "{}");
            assertEquals(409, locked.statusCode(), locked.body());
            assertTrue(json(locked).path("error").asText().contains("shown after a pass, or when you confirm"), locked.body());

            HttpResponse<String> confirmed = post(fresh, "/exercises/adder/solution", fresh.url(""), "{\"confirm\":true}");
            assertEquals(200, confirmed.statusCode(), confirmed.body());
            JsonNode file = json(confirmed).path("files").get(0);
            assertEquals(GradingFixture.ADDER_SOLUTION, file.path("path").asText());
            assertTrue(file.path("content").asText().contains("return a + b;"));
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void resetPutsTheStarterBackAndKeepsTheLearnersVersion() throws Exception {
        Path other = GradingFixture.copy();
        try (TestApp fresh = new TestApp(other)) {
            String mine = GradingFixture.variant("Wrong").replace("Compiles, but subtracts.", "My own attempt.");
            GradingFixture.write(other.resolve(GradingFixture.ADDER), mine);

            HttpResponse<String> reset = post(fresh, "/exercises/adder/reset", fresh.url(""), "{}");
            assertEquals(200, reset.statusCode(), reset.body());
            String backup = json(reset).path("backup").asText();
            assertTrue(backup.matches("\\.realtime-lab/backups/adder/\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d(-\\d+)?/"), backup);
            assertTrue(json(reset).path("message").asText().endsWith("Your version is kept in " + backup), reset.body());
            assertEquals(mine, GradingFixture.read(other.resolve(backup).resolve("Adder.java")), "the learner's version is kept");
            assertEquals(GradingFixture.starter(), GradingFixture.read(other.resolve(GradingFixture.ADDER)), "the starter is back");

            HttpResponse<String> again = post(fresh, "/exercises/adder/reset", fresh.url(""), "{}");
            assertTrue(!json(again).path("backup").asText().equals(backup), "a second reset gets its own backup folder");
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void aForeignOriginIsRefusedAndChangesNothing() throws Exception {
        Path other = GradingFixture.copy();
        try (TestApp fresh = new TestApp(other)) {
            for (String action : List.of("check", "hint", "solution", "reset")) {
                HttpResponse<String> refused = post(fresh, "/exercises/adder/" + action, "http://evil.example", "{\"confirm\":true}");
                assertEquals(403, refused.statusCode(), action + ": " + refused.body());
                assertTrue(refused.body().contains("a page on another origin (http://evil.example) may not send POST here"), refused.body());
            }
            assertEquals(0, json(fresh.get("/exercises/adder/state")).path("hints").path("revealed").size());
            assertTrue(!Files.exists(other.resolve(".realtime-lab/backups")), "no reset happened");
            // Reading the state and the feed stays open to anyone.
            assertEquals(200, fresh.get("/exercises/adder/state").statusCode());
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void progressSurvivesARestart() throws Exception {
        Path other = GradingFixture.copy();
        try {
            try (TestApp first = new TestApp(other);
                 TestEventStream feed = TestEventStream.open(first.http(), first.uri("/exercises/events")).requireOpen()) {
                post(first, "/exercises/adder/hint", first.url(""), "{}");
                GradingFixture.write(other.resolve(GradingFixture.ADDER), GradingFixture.solution());
                assertEquals("passed", feed.verdict("adder", GENEROUS).path("status").asText());
            }
            try (TestApp second = new TestApp(other)) {
                JsonNode state = json(second.get("/exercises/adder/state"));
                assertEquals("passed", state.path("state").asText(), state.toString());
                assertEquals(1, state.path("hints").path("revealed").size());
                assertEquals("passed", state.path("lastVerdict").path("status").asText());
                JsonNode board = json(second.get("/exercises.json"));
                assertEquals(1, board.path("passed").asInt());
                assertEquals(1, board.path("total").asInt());
            }
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void theBoardListsEachExerciseWithItsLessonAndState() {
        HttpResponse<String> page = app.get("/exercises");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<a href=\"/lessons/fixture#exercise-adder\">00 Fixture lesson</a>"), page.body());
        assertTrue(page.body().contains("Add two numbers"), page.body());
        assertTrue(page.body().contains("class=\"exercise-state\""), page.body());
        assertTrue(page.body().contains("exercises passed"), page.body());
    }

    @Test
    void anUnknownExerciseIs404() throws Exception {
        HttpResponse<String> state = app.get("/exercises/nope/state");
        assertEquals(404, state.statusCode());
        assertEquals("no exercise 'nope' (known: adder)", json(state).path("error").asText());
        assertEquals(404, post("/exercises/nope/hint", app.url(""), "{}").statusCode());
    }

    @Test
    void theLessonShowsTheExerciseCard() {
        String lesson = app.get("/lessons/fixture").body();
        assertTrue(lesson.contains("<section class=\"exercise\" id=\"exercise-adder\" data-exercise=\"adder\""), lesson);
    }

    static HttpResponse<String> post(String path, String origin, String body) {
        return post(app, path, origin, body);
    }

    static HttpResponse<String> post(TestApp target, String path, String origin, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
        }
        return target.send(request.build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
