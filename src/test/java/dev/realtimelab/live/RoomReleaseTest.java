package dev.realtimelab.live;

import dev.realtimelab.testkit.Inbox;
import dev.realtimelab.testkit.TestEventStream;
import dev.realtimelab.testkit.TestSocket;
import static dev.realtimelab.testkit.TestSocket.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import java.net.http.HttpRequest;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A room lives while it has members. An app of its own, so no other test's rooms are counted. */
class RoomReleaseTest extends AppTest {
    static JsonNode stats() {
        return json(app.get("/api/rooms").body());
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + Inbox.WAIT.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("waited " + Inbox.WAIT.toSeconds() + " s for " + what + "; now " + stats());
            }
            Thread.sleep(50);
        }
    }

    @Test
    void roomsWithoutMembersAreReleased() throws Exception {
        assertEquals(0, stats().path("rooms").asInt());
        TestSocket ada = TestSocket.open(app, "/ws/room/release-a");
        TestSocket bo = TestSocket.open(app, "/ws/room/release-b");
        TestEventStream cy = TestEventStream.open(app, "/sse/room/release-a", null);
        cy.next("join");
        bo.next("join");
        eventually(() -> stats().path("members").asInt() == 3, "three members");
        assertEquals(2, stats().path("rooms").asInt());

        bo.close();
        eventually(() -> stats().path("rooms").asInt() == 1, "release-b released when Bo left");

        ada.close();
        cy.close();
        // The server learns that an event stream's client left only when a write to it fails,
        // so keep writing to the room (a keep-alive comment would do the same, 15 s later).
        eventually(() -> {
            app.send(HttpRequest.newBuilder(app.uri("/sse/room/release-a"))
                    .POST(HttpRequest.BodyPublishers.ofString("anyone there?")).build());
            return stats().path("rooms").asInt() == 0;
        }, "every room released");
        assertEquals(0, stats().path("members").asInt());
    }
}
