package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.App;
import dev.realtimelab.TestApp;
import dev.realtimelab.grading.GradingFixture;
import dev.realtimelab.grading.ProgressStore;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.testkit.SilenceableRelay;
import dev.realtimelab.testkit.TestEventStream;
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
 * The attendee's own copy of the course and its link to a workshop, without a browser: a restart
 * of the copy goes on as the same attendee (one row, not two), "Stop sharing" ends it and
 * forgets the ticket, and a link that goes silent is given up after the acknowledgement timeout
 * and made again, with nothing lost.
 */
class WorkshopLinkTest {
    Path workshopRoot;
    Path attendeeRoot;
    TestApp workshop;
    TestApp attendee;
    String instructor;

    @BeforeEach
    void start() {
        workshopRoot = GradingFixture.copy();
        attendeeRoot = GradingFixture.copyWithWorkspace();
        workshop = TestApp.workshopOn(workshopRoot);
        instructor = AttendanceTest.logIn(workshop);
    }

    @AfterEach
    void stop() {
        for (TestApp app : new TestApp[] {attendee, workshop}) {
            if (app != null) {
                app.close();
            }
        }
        GradingFixture.delete(workshopRoot);
        GradingFixture.delete(attendeeRoot);
    }

    App.WorkshopJoin join(String name) {
        return new App.WorkshopJoin(workshop.url("/workshop"), workshop.app().attendance().joinCode(), name);
    }

    TestEventStream dashboard() {
        return TestEventStream.open(workshop.uri("/workshop/instructor/dashboard/events"), Map.of("Cookie", instructor));
    }

    /** Waits for Ada's row to be online (or offline), then returns how many rows a fresh snapshot has. */
    int rowsOnceAda(boolean online) {
        try (TestEventStream stream = dashboard()) {
            JsonNode snapshot = stream.await(e -> e.event().equals("snapshot")).json();
            boolean already = false;
            for (JsonNode row : snapshot.path("attendees")) {
                already |= row.path("name").asText().equals("Ada") && row.path("online").asBoolean() == online;
            }
            if (!already) {
                stream.await(e -> e.event().equals("attendee") && e.json().path("attendee").path("name").asText().equals("Ada")
                        && e.json().path("attendee").path("online").asBoolean() == online);
            }
        }
        try (TestEventStream stream = dashboard()) {
            return stream.await(e -> e.event().equals("snapshot")).json().path("attendees").size();
        }
    }

    @Test
    void aRestartOfTheCopyGoesOnAsTheSameAttendeeAndStopForgetsTheTicket() {
        attendee = TestApp.attendee(attendeeRoot, join("Ada"));
        assertEquals(null, attendee.app().joinError());
        assertEquals(1, rowsOnceAda(true));
        Path saved = attendeeRoot.resolve(ProgressStore.DIRECTORY).resolve(WorkshopLink.SAVED_LINK);
        assertTrue(Files.isRegularFile(saved));

        attendee.close();
        assertEquals(1, rowsOnceAda(false));
        assertTrue(Files.isRegularFile(saved), "closing the course keeps the ticket for the next start");
        attendee = TestApp.attendee(attendeeRoot, null); // no --join this time: the saved link resumes
        assertEquals(1, rowsOnceAda(true));
        attendee.close();
        attendee = TestApp.attendee(attendeeRoot, join("Ada")); // the same --join again: still one Ada
        assertEquals(1, rowsOnceAda(true));

        HttpResponse<String> stopped = attendee.send(HttpRequest.newBuilder(attendee.uri("/workshop-link/stop"))
                .header("Origin", attendee.url("")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, stopped.statusCode(), stopped.body());
        assertTrue(stopped.body().contains("\"status\":\"stopped\""), stopped.body());
        assertEquals(1, rowsOnceAda(false));
        assertFalse(Files.exists(saved), "stopping forgets the ticket");
        // Without an Origin (another program on this machine) the link cannot be driven.
        HttpResponse<String> noOrigin = attendee.send(HttpRequest.newBuilder(attendee.uri("/workshop-link/join"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(403, noOrigin.statusCode());
    }

    HttpResponse<String> attendeePost(String path, String json) {
        return attendee.send(HttpRequest.newBuilder(attendee.uri(path)).header("Origin", attendee.url(""))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void aLinkThatGoesSilentIsGivenUpAfterTheAckTimeoutAndWhatWaitedArrivesOnTheNextOne() {
        try (SilenceableRelay network = SilenceableRelay.to(workshop.port());
                TestEventStream dashboard = dashboard()) {
            dashboard.await(e -> e.event().equals("snapshot"));
            String throughRelay = "http://127.0.0.1:" + network.port() + "/workshop";
            attendee = TestApp.attendee(attendeeRoot,
                    new App.WorkshopJoin(throughRelay, workshop.app().attendance().joinCode(), "Ada"), true);
            assertEquals(null, attendee.app().joinError());
            try (TestEventStream link = TestEventStream.open(attendee, "/workshop-link/events", null)) {
                link.await(e -> e.json().path("status").asText().equals("sharing") && e.json().path("unsent").asInt() == 0);
                int before = network.connections();

                // The Wi-Fi drops everything, and closes nothing: the hand waits for an ack that cannot come.
                network.silenceOpenConnections();
                HttpResponse<String> hand = attendeePost("/workshop-link/hand", "{\"note\":\"stuck on 1013\"}");
                assertEquals(200, hand.statusCode(), hand.body());
                assertEquals(1, Json.objectOrNull(hand.body()).path("unsent").asInt(), hand.body());
                attendee.advance(WorkshopLink.ACK_TIMEOUT.minusSeconds(1));
                assertEquals("sharing", Json.objectOrNull(attendee.get("/workshop-link").body()).path("status").asText(),
                        "still waiting, a second before the timeout");

                attendee.advance(Duration.ofSeconds(2));
                JsonNode dead = link.await(e -> e.json().path("status").asText().equals("reconnecting")).json();
                assertEquals("No answer from the workshop for 10 s: reconnecting.", dead.path("message").asText());
                assertEquals(1, dead.path("unsent").asInt(), "the hand is kept for the next connection");

                // The retry (after its back-off) makes a new connection, which the network passes.
                attendee.advance(Duration.ofSeconds(1));
                JsonNode back = link.await(e -> e.json().path("status").asText().equals("sharing")
                        && e.json().path("unsent").asInt() == 0).json();
                assertEquals("", back.path("message").asText());
                assertTrue(network.connections() > before, "a new connection, not the silent one");
            }
            JsonNode hands = dashboard.await(e -> e.event().equals("hands") && e.json().path("hands").size() > 0)
                    .json().path("hands");
            assertEquals(1, hands.size(), hands.toString());
            assertEquals("Ada", hands.get(0).path("name").asText());
            assertEquals("stuck on 1013", hands.get(0).path("note").asText());
        }
    }
}
