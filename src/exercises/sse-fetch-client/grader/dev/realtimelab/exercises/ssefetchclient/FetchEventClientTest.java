package dev.realtimelab.exercises.ssefetchclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.realtimelab.exercises.ssefetchclient.FetchEventClient.Event;
import io.javalin.Javalin;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grades the sse-fetch-client exercise against a real server that answers each request of a
 * feed from a script (one answer per connection) and records the headers it was sent.
 */
@Tag("exercise")
@Tag("sse-fetch-client")
@DisplayName("sse-fetch-client: an event-stream client that resumes")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FetchEventClientTest {
    static final String TOKEN = "s3cret-token";
    static final String STREAM = "text/event-stream; charset=utf-8";

    /** One scripted answer: a status, a content type and a whole body (then the response ends). */
    record Answer(int status, String contentType, String body) {
        static Answer stream(String body) {
            return new Answer(200, STREAM, body);
        }

        static final Answer NO_MORE = new Answer(204, null, "");
    }

    /** The request headers the server saw. */
    record Seen(String authorization, String accept, String lastEventId) {
    }

    static final Map<String, List<Answer>> SCRIPTS = new ConcurrentHashMap<>();
    static final Map<String, List<Seen>> REQUESTS = new ConcurrentHashMap<>();
    static final AtomicInteger NAMES = new AtomicInteger();
    static Javalin server;

    @BeforeAll
    static void startServer() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.get("/feed/{name}", ctx -> {
                String name = ctx.pathParam("name");
                List<Seen> seen = REQUESTS.get(name);
                seen.add(new Seen(ctx.header("Authorization"), ctx.header("Accept"), ctx.header("Last-Event-ID")));
                List<Answer> script = SCRIPTS.get(name);
                Answer answer = seen.size() <= script.size() ? script.get(seen.size() - 1) : Answer.NO_MORE;
                if (seen.size() > 10) {
                    answer = Answer.NO_MORE; // a client that never stops is stopped here, and fails the test
                }
                ctx.status(answer.status());
                if (answer.contentType() != null) {
                    ctx.contentType(answer.contentType());
                }
                ctx.result(answer.body());
            });
        }).start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** A feed that answers the given answers in turn, then 204; returns the client and the feed's name. */
    static String feed(Answer... answers) {
        String name = "feed" + NAMES.incrementAndGet();
        SCRIPTS.put(name, List.of(answers));
        REQUESTS.put(name, Collections.synchronizedList(new ArrayList<>()));
        return name;
    }

    static FetchEventClient client(String feed) {
        return new FetchEventClient(URI.create("http://127.0.0.1:" + server.port() + "/feed/" + feed), TOKEN);
    }

    @Test
    @DisplayName("parses events: types, data over several lines, comments, ids that persist")
    void parsesEvents() throws Exception {
        String feed = feed(Answer.stream(": a comment, then the reconnection delay\nretry: 50\n\n"
                + "id: 1\ndata: first\n\n"
                + "event: price\ndata: {\"eur\": 10}\n\n"
                + "data: line one\ndata:line two\ndata\n\n"
                + "id: 2\r\nevent: notice\r\ndata: with CRLF\r\n\r\n"
                + "unknown: ignored\ndata:  two spaces, one is removed\n\n"
                + "event: empty\n\n"));
        List<Event> events = client(feed).readAll();
        assertEquals(List.of(
                new Event("message", "first", "1"),
                new Event("price", "{\"eur\": 10}", "1"),
                new Event("message", "line one\nline two\n", "1"),
                new Event("notice", "with CRLF", "2"),
                new Event("message", " two spaces, one is removed", "2")), events,
                "a blank line dispatches; data lines join with \\n; a comment, a retry and an event with no data dispatch nothing;"
                        + " the id stays until changed; one space after the colon is removed");
    }

    @Test
    @DisplayName("sends Authorization and Accept with every request, and Last-Event-ID when it reconnects")
    void sendsHeadersAndResumes() throws Exception {
        String feed = feed(
                Answer.stream("retry: 50\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n"),
                Answer.stream("id: 3\ndata: c\n\n"),
                Answer.NO_MORE);
        FetchEventClient client = client(feed);
        List<Event> events = client.readAll();
        assertEquals(List.of(new Event("message", "a", "1"), new Event("message", "b", "2"), new Event("message", "c", "3")), events,
                "after the end of a stream, reconnect and go on; a 204 ends it for good");
        List<Seen> seen = REQUESTS.get(feed);
        assertEquals(3, seen.size(), "two streams and the request answered 204: " + seen);
        for (Seen request : seen) {
            assertEquals("Bearer " + TOKEN, request.authorization(), "what EventSource cannot send: Authorization on every request");
            assertEquals("text/event-stream", request.accept(), "Accept: text/event-stream on every request");
        }
        assertEquals(java.util.Arrays.asList(null, "2", "3"), seen.stream().map(Seen::lastEventId).toList(),
                "no Last-Event-ID at first; then the id of the last event received");
        assertEquals("3", client.lastEventId());
    }

    @Test
    @DisplayName("discards an unfinished event at the end of the stream, and resumes after the last whole one")
    void discardsAnUnfinishedEvent() throws Exception {
        String feed = feed(
                Answer.stream("retry: 50\n\nid: 5\ndata: whole\n\nid: 6\ndata: cut off"),
                Answer.stream("id: 6\ndata: again, whole\n\n"));
        List<Event> events = client(feed).readAll();
        assertEquals(List.of(new Event("message", "whole", "5"), new Event("message", "again, whole", "6")), events,
                "an event without its blank line at the end of the stream was never dispatched");
        assertEquals("5", REQUESTS.get(feed).get(1).lastEventId(), "the cut-off event's id was never set: resume after 5");
    }

    @Test
    @DisplayName("an id with no data still moves the resume point")
    void anIdAloneIsACheckpoint() throws Exception {
        String feed = feed(Answer.stream("retry: 50\n\nid: 1\ndata: one\n\nid: 40\n\n"));
        FetchEventClient client = client(feed);
        assertEquals(List.of(new Event("message", "one", "1")), client.readAll());
        assertEquals("40", REQUESTS.get(feed).get(1).lastEventId(),
                "a block with an id and no data dispatches nothing, but sets the last event id");
    }

    @Test
    @DisplayName("gives up for good on another status or a wrong Content-Type, without retrying")
    void givesUpOnRefusals() {
        String unauthorized = feed(new Answer(401, "text/plain", "who are you?"));
        assertThrows(FetchEventClient.RefusedException.class, () -> client(unauthorized).readAll(),
                "401 is not an event stream: throw RefusedException");
        assertEquals(1, REQUESTS.get(unauthorized).size(), "and do not retry");

        String wrongType = feed(new Answer(200, "text/plain", "data: not a stream\n\n"));
        assertThrows(FetchEventClient.RefusedException.class, () -> client(wrongType).readAll(),
                "200 with another Content-Type is refused too, as EventSource does");
        assertEquals(1, REQUESTS.get(wrongType).size(), "and not retried");
    }
}
