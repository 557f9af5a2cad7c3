package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.security.RemoteHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The instructor's phone as a slide remote, from another host on the room's network (a network
 * namespace the test makes, see {@link RemoteHost}): the instructor's page offers a one-time,
 * short-lived pairing code; the phone spends it with a POST for a cookie that moves the room and
 * does nothing else; a second pairing replaces the first; the instructor revokes it.
 */
class PhoneRemoteTest {
    static RemoteHost remote;
    static TestApp app;
    static String origin;
    static String instructor;

    @BeforeAll
    static void start() {
        remote = RemoteHost.create();
        app = TestApp.workshop("0.0.0.0");
        origin = "http://" + remote.serverAddress() + ":" + app.port();
        String link = app.app().workshop().loginLink();
        HttpResponse<String> login = app.get(link.substring(link.indexOf("/workshop/login")));
        assertEquals(303, login.statusCode());
        instructor = cookie(login.headers().allValues("Set-Cookie"), "rl_instructor");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    static String cookie(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
    }

    /** The instructor, on the laptop (loopback), asks for a pairing code: the link for the remote's join address. */
    static String offer() {
        HttpResponse<String> offered = app.send(HttpRequest.newBuilder(app.uri("/workshop/instructor/pairing"))
                .header("Origin", app.url("")).header("Cookie", instructor).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, offered.statusCode(), offered.body());
        JsonNode links = parseJson(offered.body()).path("links");
        for (JsonNode link : links) {
            if (link.asText().startsWith(origin + "/workshop/remote#pair=")) {
                return link.asText();
            }
        }
        throw new AssertionError("no pairing link for " + origin + " in " + links);
    }

    static JsonNode parseJson(String text) {
        return WorkshopHttpTest.parse(text);
    }

    static String tokenOf(String link) {
        return link.substring(link.indexOf("#pair=") + "#pair=".length());
    }

    static RemoteHost.Response phonePost(String path, String cookie, String json) {
        return cookie == null
                ? remote.curl("-X", "POST", "-H", "Origin: " + origin, "-H", "Content-Type: application/json", "-d", json, remote.url(app.port(), path))
                : remote.curl("-X", "POST", "-H", "Origin: " + origin, "-H", "Content-Type: application/json", "-b", cookie, "-d", json,
                        remote.url(app.port(), path));
    }

    static RemoteHost.Response phoneGet(String path, String cookie) {
        return remote.curl("--max-time", "1", "-b", cookie, remote.url(app.port(), path));
    }

    /** The phone opens the link: the page, then a POST of the token from its fragment; returns the remote cookie. */
    static String pair(String link) {
        RemoteHost.Response page = remote.curl(remote.url(app.port(), "/workshop/remote"));
        assertEquals(200, page.status(), page.text());
        assertFalse(page.text().contains(tokenOf(link)), "the page itself holds no token");
        RemoteHost.Response paired = phonePost("/workshop/remote/pair", null, Json.object("token", tokenOf(link)));
        assertEquals(200, paired.status(), paired.text());
        String header = paired.text().lines().filter(l -> l.toLowerCase().startsWith("set-cookie: rl_remote=")).findFirst().orElseThrow();
        assertTrue(header.contains("HttpOnly") && header.contains("SameSite=Strict"), header);
        return header.substring("set-cookie: ".length(), header.indexOf(';'));
    }

    static int move(String cookie, String lesson, String section) {
        return phonePost("/workshop/remote/move", cookie, Json.object("lesson", lesson, "section", section)).status();
    }

    @Test
    void aPairedPhoneMovesTheRoomAndFollowsIt() {
        String phone = pair(offer());
        RemoteHost.Response deck = phoneGet("/workshop/remote/deck", phone);
        assertEquals(200, deck.status());
        assertTrue(deck.text().contains("\"slug\":\"rooms\""), deck.text());
        assertFalse(deck.text().contains("\"notes\""), "the phone gets sections, not the speaker notes");
        assertEquals(200, move(phone, "rooms", "try-it"));
        RemoteHost.Response follow = phoneGet("/workshop/events", phone);
        assertEquals(200, follow.status());
        assertTrue(follow.text().contains("\\\"section\\\":\\\"try-it\\\""), follow.text());
        assertEquals(400, move(phone, "rooms", "no-such-section"));
    }

    @Test
    void thePhoneMayMoveTheSlidesAndNothingElse() {
        String phone = pair(offer());
        for (String action : List.of("/workshop/instructor/move", "/workshop/instructor/poll", "/workshop/instructor/poll/reveal",
                "/workshop/instructor/poll/end", "/workshop/instructor/chat/hide", "/workshop/instructor/pairing",
                "/workshop/instructor/pairing/revoke")) {
            assertEquals(403, phonePost(action, phone, "{\"lesson\":\"rooms\",\"section\":\"\",\"number\":1,\"seq\":1}").status(), action);
        }
        for (String page : List.of("/workshop/instructor", "/workshop/instructor/slides", "/workshop/instructor/lessons",
                "/workshop/instructor/lesson/rooms", "/workshop/instructor/events", "/workshop/instructor/pairing/qr.svg?n=0")) {
            assertEquals(403, phoneGet(page, phone).status(), page);
        }
        for (String path : List.of("/exercises/origin-allowlist/check", "/labs/login")) {
            assertEquals(403, phonePost(path, phone, "{}").status(), path);
        }
        // It is no attendee either: the chat and the polls' socket closes it with 1008.
        RemoteHost.Response socket = remote.curl("--http1.1", "--max-time", "2", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "-H", "Origin: " + origin,
                "-b", phone, remote.url(app.port(), "/workshop/socket"));
        assertTrue(socket.text().contains("join the workshop first"), socket.text());
        assertFalse(socket.text().contains("welcome"), socket.text());
    }

    @Test
    void anAttendeeOrAStrangerCannotMoveTheRoom() {
        RemoteHost.Response joined = phonePost("/workshop/join", null, Json.object("name", "Mallory"));
        assertEquals(200, joined.status(), joined.text());
        String attendee = joined.text().lines().filter(l -> l.toLowerCase().startsWith("set-cookie: rl_attendee="))
                .map(l -> l.substring("set-cookie: ".length(), l.indexOf(';'))).findFirst().orElseThrow();
        for (String cookie : List.of(attendee, "rl_remote=" + "0".repeat(48))) {
            assertEquals(403, move(cookie, "rooms", ""));
            assertEquals(403, phoneGet("/workshop/remote/deck", cookie).status());
        }
        // Pairing itself is the instructor's: no code can be made from the room's network.
        assertEquals(403, phonePost("/workshop/instructor/pairing", attendee, "{}").status());
        // A made-up token and no token are refused with a reason.
        RemoteHost.Response guessed = phonePost("/workshop/remote/pair", null, Json.object("token", "0".repeat(48)));
        assertEquals(403, guessed.status());
        assertTrue(guessed.text().contains("make a new one"), guessed.text());
        assertEquals(403, phonePost("/workshop/remote/pair", null, "{}").status());
        // Without the page's Origin (a program, or another site's form) the exchange is refused too.
        String link = offer();
        RemoteHost.Response noOrigin = remote.curl("-X", "POST", "-H", "Content-Type: application/json",
                "-d", Json.object("token", tokenOf(link)), remote.url(app.port(), "/workshop/remote/pair"));
        assertEquals(403, noOrigin.status());
    }

    @Test
    void aCodeWorksOnceAndOnlyForAShortTime() {
        String link = offer();
        pair(link);
        RemoteHost.Response again = phonePost("/workshop/remote/pair", null, Json.object("token", tokenOf(link)));
        assertEquals(403, again.status(), "a spent code");
        String stale = offer();
        app.advance(RemotePairing.TOKEN_LIFETIME.plusSeconds(1));
        RemoteHost.Response expired = phonePost("/workshop/remote/pair", null, Json.object("token", tokenOf(stale)));
        assertEquals(403, expired.status(), "an expired code");
        assertTrue(expired.text().contains("expired"), expired.text());
        // A newer offer withdraws an older, unspent one.
        String older = offer();
        String newer = offer();
        assertEquals(403, phonePost("/workshop/remote/pair", null, Json.object("token", tokenOf(older))).status());
        pair(newer);
    }

    @Test
    void aSecondPairingReplacesTheFirstAndTheInstructorRevokes() {
        String first = pair(offer());
        assertEquals(200, move(first, "rooms", ""));
        String second = pair(offer());
        assertEquals(403, move(first, "rooms", ""), "the first phone is unpaired by the second");
        assertEquals(200, move(second, "rooms", ""));
        HttpResponse<String> revoked = app.send(HttpRequest.newBuilder(app.uri("/workshop/instructor/pairing/revoke"))
                .header("Origin", app.url("")).header("Cookie", instructor).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, revoked.statusCode());
        assertEquals(403, move(second, "rooms", ""), "revoked");
        assertEquals(403, phoneGet("/workshop/remote/deck", second).status());
        assertEquals(401, phoneGet("/workshop/events", second).status());
    }
}
