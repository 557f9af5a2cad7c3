package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TestApp;
import dev.realtimelab.security.RemoteHost;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workshop as an attendee's laptop reaches it: from another host (a network namespace the
 * test makes, see {@link RemoteHost}), through a join address the workshop printed. Joining,
 * reading and following work; every action that compiles, grades, touches files, opens a
 * security lab or is the instructor's is refused, even with the instructor's own key.
 */
class RemoteAttendeeTest {
    static RemoteHost remote;
    static TestApp app;
    static String origin;
    static String attendee;
    static String instructorKey;

    @BeforeAll
    static void start() {
        remote = RemoteHost.create();
        app = TestApp.workshop("0.0.0.0");
        origin = "http://" + remote.serverAddress() + ":" + app.port();
        assertTrue(app.app().workshop().joinUrls().contains(origin + "/workshop"), app.app().workshop().joinUrls().toString());
        RemoteHost.Response joined = remote.curl("-X", "POST", "-H", "Origin: " + origin, "-H", "Content-Type: application/json",
                "-d", "{\"name\":\"Remote Ada\"}", url("/workshop/join"));
        assertEquals(200, joined.status(), joined.text());
        attendee = joined.text().lines().filter(l -> l.toLowerCase().startsWith("set-cookie: rl_attendee="))
                .map(l -> l.substring("set-cookie: ".length(), l.indexOf(';'))).findFirst().orElseThrow();
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

    static String url(String path) {
        return remote.url(app.port(), path);
    }

    RemoteHost.Response post(String path, String cookie) {
        return remote.curl("-X", "POST", "-H", "Origin: " + origin, "-H", "Content-Type: application/json", "-b", cookie, "-d", "{}", url(path));
    }

    @Test
    void aRemoteAttendeeJoinsReadsAndFollows() {
        assertEquals(200, remote.curl("-b", attendee, url("/lessons/rooms")).status());
        RemoteHost.Response follow = remote.curl("--max-time", "1", "-b", attendee, url("/workshop/events"));
        assertEquals(200, follow.status());
        assertTrue(follow.text().contains("workshop:follow"), follow.text());
        assertEquals(101, remote.handshake(app.port(), "/workshop/socket", origin, "Cookie: " + attendee));
    }

    @Test
    void noCompilingGradingOrFilesFromAnotherHost() {
        for (String action : List.of("check", "hint", "solution", "reset")) {
            RemoteHost.Response refused = post("/exercises/origin-allowlist/" + action, attendee);
            assertEquals(403, refused.status(), action);
            assertTrue(refused.text().contains(remote.clientAddress()), refused.text());
        }
    }

    @Test
    void noSecurityLabFromAnotherHost() {
        assertEquals(403, remote.curl("-b", attendee, url("/labs/me")).status());
        assertEquals(403, remote.curl("--max-time", "1", "-b", attendee, url("/labs/feed")).status());
        assertEquals(403, post("/labs/login", attendee).status());
        assertEquals(403, remote.handshake(app.port(), "/labs/echo", origin));
        assertEquals(403, remote.handshake(app.port(), "/labs/hijack/unchecked", origin));
        assertEquals(403, remote.handshake(app.port(), "/labs/abuse/unprotected", origin));
        // The attack lab's second origin listens on loopback only: nothing answers from elsewhere.
        int attackerPort = app.app().security().attackerPort();
        RemoteHost.Response attacker = remote.curl(remote.url(attackerPort, "/"));
        assertEquals(0, attacker.status(), attacker.text());
        assertTrue(attacker.exitCode() != 0);
    }

    @Test
    void noInstructorActionFromAnotherHostEvenWithTheKey() {
        // The real login link, opened from another host, is refused and not spent.
        String link = app.app().workshop().loginLink();
        String path = link.substring(link.indexOf("/workshop/login"));
        assertEquals(403, remote.curl(url(path)).status());
        var login = app.get(path);
        assertEquals(303, login.statusCode(), "the link still works on the instructor's machine");
        String key = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("rl_instructor="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        for (String cookie : List.of(attendee, key)) {
            for (String action : List.of("/workshop/instructor/move", "/workshop/instructor/poll", "/workshop/instructor/poll/reveal",
                    "/workshop/instructor/poll/end", "/workshop/instructor/chat/hide", "/workshop/instructor/hands/lower",
                    "/workshop/instructor/questions/answer", "/workshop/instructor/questions/hide",
                    "/workshop/instructor/questions/anonymous")) {
                assertEquals(403, post(action, cookie).status(), action);
            }
            for (String page : List.of("/workshop/instructor", "/workshop/instructor/slides", "/workshop/instructor/lesson/rooms",
                    "/workshop/instructor/dashboard")) {
                assertEquals(403, remote.curl("-b", cookie, url(page)).status(), page);
            }
            assertEquals(403, remote.curl("--max-time", "1", "-b", cookie, url("/workshop/instructor/events")).status());
            assertEquals(403, remote.curl("--max-time", "1", "-b", cookie, url("/workshop/instructor/dashboard/events")).status());
        }
    }

    @Test
    void anAttendeesOwnCopyReachesTheJoinAndReportEndpointsWithoutAnOrigin() {
        // A program, not a page: no Origin and no cookie. The join route itself answers (a wrong code here).
        RemoteHost.Response wrong = remote.curl("-X", "POST", "-H", "Content-Type: application/json",
                "-d", "{\"code\":\"WRONG1\",\"name\":\"Remote Ada\"}", url("/workshop/attend/join"));
        assertEquals(403, wrong.status());
        assertTrue(wrong.text().contains("join code is wrong"), wrong.text());
        // The report socket opens without Origin (its ticket is checked once open, and closed with 1008 if wrong).
        assertEquals(101, remote.handshake(app.port(), "/workshop/attend/socket", "", "Authorization: Bearer 00"));
        // A page on another origin gets neither.
        RemoteHost.Response foreign = remote.curl("-X", "POST", "-H", "Origin: http://rebind.example:" + app.port(),
                "-H", "Content-Type: application/json", "-d", "{}", url("/workshop/attend/join"));
        assertEquals(403, foreign.status());
    }

    @Test
    void onlyThePrintedAddressesPassTheHostAndOriginChecks() {
        RemoteHost.Response foreign = remote.curl("-X", "POST", "-H", "Origin: http://rebind.example:" + app.port(),
                "-H", "Content-Type: application/json", "-d", "{\"name\":\"Eve\"}", url("/workshop/join"));
        assertEquals(403, foreign.status());
        RemoteHost.Response rebound = remote.curl("-H", "Host: rebind.example:" + app.port(), url("/workshop"));
        assertEquals(421, rebound.status());
        assertEquals(403, remote.handshake(app.port(), "/workshop/socket", "http://rebind.example:" + app.port(), "Cookie: " + attendee));
    }
}
