package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.AppTest;
import dev.realtimelab.live.hub.Json;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Short and long polls on the hub: answered from the room's history, or by the next message. */
class PollingEndpointsTest extends AppTest {
    static long post(String room, String text) throws Exception {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/sse/room/" + room))
                .POST(HttpRequest.BodyPublishers.ofString(text)).build());
        assertEquals(202, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body()).get("seq").asLong();
    }

    static JsonNode poll(String path) throws Exception {
        HttpResponse<String> r = app.get(path);
        assertEquals(200, r.statusCode(), r.body());
        return Json.mapper().readTree(r.body());
    }

    @Test
    void pollsAnswerFromTheHistoryOrWaitForTheNextMessage() throws Exception {
        String room = "poll-test";
        // An event stream keeps the room, and its history, alive between polls.
        HttpResponse<InputStream> stream = app.http().send(HttpRequest.newBuilder(app.uri("/sse/room/" + room + "?presence=off"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try {
            long first = post(room, "one");
            JsonNode missed = poll("/poll/room/" + room + "?after=" + (first - 1) + "&wait=0");
            assertEquals("one", missed.get("events").get(0).get("text").asText());
            assertEquals(first, missed.get("last").asLong());

            JsonNode nothing = poll("/poll/room/" + room + "?after=" + first + "&wait=0");
            assertEquals(0, nothing.get("events").size(), "a short poll with nothing new answers at once, empty");

            CompletableFuture<HttpResponse<String>> waiting = app.http().sendAsync(
                    HttpRequest.newBuilder(app.uri("/poll/room/" + room + "?after=" + first + "&wait=10000"))
                            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200); // the long poll waits...
            assertTrue(!waiting.isDone(), "a long poll waits for a message");
            post(room, "two");
            JsonNode answer = Json.mapper().readTree(waiting.get().body());
            assertEquals("two", answer.get("events").get(0).get("text").asText());
        } finally {
            stream.body().close();
        }
    }

    @Test
    void badParametersAreRefused() {
        assertEquals(400, app.get("/poll/room/UPPER?wait=0").statusCode());
        assertEquals(400, app.get("/poll/room/ok?wait=99999999").statusCode());
        assertEquals(400, app.get("/poll/room/ok?after=x").statusCode());
    }
}
