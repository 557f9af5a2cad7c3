package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * /sse/generate: an event stream answering a POST with an Authorization header, resumable with
 * Last-Event-ID by the same token only.
 */
class GenerateFeedTest extends AppTest {
    static final String TOKEN = "token-of-ada-0001";

    static HttpRequest.Builder post(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Origin", app.url("")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    /** The next block: the lines up to a blank one (null at the end of the stream). */
    static String block(BufferedReader reader) throws Exception {
        StringBuilder block = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                return block.toString();
            }
            block.append(line).append('\n');
        }
        return null;
    }

    @Test
    void refusesWithoutATokenOrAPrompt() {
        assertEquals(401, app.send(post("/sse/generate", null, "{\"prompt\":\"hi\"}").build()).statusCode());
        assertEquals(400, app.send(post("/sse/generate", TOKEN, "{}").build()).statusCode());
        assertEquals(400, app.send(post("/sse/generate", TOKEN, "{\"prompt\":\"" + "x".repeat(201) + "\"}").build()).statusCode());
        assertEquals(204, app.send(post("/sse/generate/00000000", TOKEN, "{}").build()).statusCode(), "unknown: nothing more, ever");
    }

    @Test
    void streamsWordsAndResumesForTheSameTokenOnly() throws Exception {
        HttpResponse<InputStream> first = app.http().send(post("/sse/generate", TOKEN, "{\"prompt\":\"tell me\"}").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        String id;
        String lastId;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8))) {
            String start = block(reader);
            assertTrue(start.startsWith("event: generation\ndata: {\"id\":\""), "no id: line, so the resume point stays: " + start);
            id = start.replaceAll("(?s).*\"id\":\"([0-9a-f]{8})\".*", "$1");
            String token = null;
            for (int i = 0; i < 5; i++) {
                token = block(reader);
                assertTrue(token.matches("id: \\d+\nevent: token\ndata: \\{\"text\":\".*\"}\n"), token);
            }
            lastId = token.substring("id: ".length(), token.indexOf('\n'));
        } // the connection drops here
        assertEquals(403, app.send(post("/sse/generate/" + id, "token-of-bo-00002", "{}").build()).statusCode(),
                "another token may not read this generation");

        HttpResponse<InputStream> resumed = app.http().send(post("/sse/generate/" + id, TOKEN, "{}")
                .header("Last-Event-ID", lastId).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resumed.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
            String next = block(reader);
            assertTrue(next.startsWith("id: " + (Long.parseLong(lastId) + 1) + "\nevent: token\n"),
                    "the resume starts right after Last-Event-ID " + lastId + ": " + next);
            String block = next;
            while (block != null && !block.contains("event: done")) {
                block = block(reader);
            }
            assertTrue(block != null && block.contains("\"text\":\"You asked: tell me. An event stream"), "the whole text at the end: " + block);
        }
    }
}
