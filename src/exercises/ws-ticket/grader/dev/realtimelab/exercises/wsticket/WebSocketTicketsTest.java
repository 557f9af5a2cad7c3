package dev.realtimelab.exercises.wsticket;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.javalin.Javalin;
import io.javalin.http.ForbiddenResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades {@link WebSocketTickets}: unit checks on a hand-driven clock, then one real handshake. */
@Tag("exercise")
@Tag("ws-ticket")
@DisplayName("Exercise ws-ticket: short-lived, single-use WebSocket tickets")
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebSocketTicketsTest {
    private static final String PAGE = "http://localhost:7070";
    private static final String ATTACKER = "http://evil.example";
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9_~.-]+");
    private static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ManualClock clock = new ManualClock();
    private final WebSocketTickets tickets = new WebSocketTickets(clock);

    @Test
    @DisplayName("A ticket redeems once, for the user it was issued to")
    void redeemsForItsUser() {
        String forAda = tickets.issue("ada", PAGE);
        String forBob = tickets.issue("bob", PAGE);
        assertNotNull(forAda, "issue() returned null");
        assertEquals(Optional.of("bob"), tickets.redeem(forBob, PAGE),
                "bob's ticket, redeemed at once from the page that asked for it, must give \"bob\"");
        assertEquals(Optional.of("ada"), tickets.redeem(forAda, PAGE),
                "ada's ticket, redeemed at once from the page that asked for it, must give \"ada\"");
    }

    @Test
    @DisplayName("A ticket works only once: a replay is refused")
    void secondUseIsRefused() {
        String ticket = tickets.issue("ada", PAGE);
        assertEquals(Optional.of("ada"), tickets.redeem(ticket, PAGE), "the first use must succeed");
        assertEquals(Optional.empty(), tickets.redeem(ticket, PAGE),
                "the same ticket worked twice. A ticket travels in the URL, so it lands in access logs, proxy logs"
                        + " and browser history: anyone who reads them could replay it. Remove it on first use.");
    }

    @Test
    @DisplayName("Tickets are long, random, URL-safe and never repeat")
    void ticketsAreUnguessable() {
        // A long name, so that random tickets cannot contain it by chance (a short one like "ada" does, now and then).
        String user = "gracehopper";
        String userInBase64 = Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            issued.add(tickets.issue(user, PAGE));
        }
        String sample = issued.get(0);
        if (UUID_SHAPE.matcher(sample).matches()) {
            fail("the ticket " + sample + " is a UUID: a random UUID carries 122 random bits, below the 128 asked for."
                    + " Take 16 or more bytes from SecureRandom and encode them with Base64.getUrlEncoder().withoutPadding().");
        }
        for (String ticket : issued) {
            assertTrue(URL_SAFE.matcher(ticket).matches(), "the ticket \"" + ticket + "\" has characters that need escaping"
                    + " in a URL (+, /, = or others): use Base64.getUrlEncoder().withoutPadding()");
            assertTrue(randomBits(ticket) >= 128, "the ticket \"" + ticket + "\" is too short to carry 128 random bits"
                    + " (" + randomBits(ticket) + " at most): take 16 or more bytes from SecureRandom");
            assertFalse(ticket.toLowerCase(Locale.ROOT).contains(user) || ticket.contains(userInBase64.substring(0, 12)),
                    "the ticket \"" + ticket + "\" contains the user name (plain or in Base64): a ticket must reveal"
                            + " nothing and be derived from nothing but randomness");
        }
        assertEquals(issued.size(), new HashSet<>(issued).size(), "the same ticket was issued twice in 200 tries");
        for (int i = 1; i < issued.size(); i++) {
            String a = issued.get(i - 1);
            String b = issued.get(i);
            assertFalse(a.regionMatches(0, b, 0, 6), "two tickets in a row start alike (\"" + a + "\", \"" + b + "\"):"
                    + " a counter or a timestamp in a ticket makes the next one easy to guess. Use only SecureRandom bytes.");
        }
    }

    @Test
    @DisplayName("A ticket expires 30 seconds after it was issued")
    void ticketsExpire() {
        String early = tickets.issue("ada", PAGE);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.of("ada"), tickets.redeem(early, PAGE), "a ticket redeemed 29 s after it was issued"
                + " must still work (the lifetime is 30 s)");

        String late = tickets.issue("ada", PAGE);
        clock.advance(Duration.ofSeconds(30).plusMillis(1));
        assertEquals(Optional.empty(), tickets.redeem(late, PAGE), "a ticket redeemed 30.001 s after it was issued"
                + " worked. A page uses its ticket within a second; a short life limits what a leaked log line is worth."
                + " Store clock.instant().plus(LIFETIME) at issue time and compare with clock.instant() when redeeming.");
    }

    @Test
    @DisplayName("A ticket only works from the origin it was issued for, and a wrong try spends it")
    void ticketsAreBoundToTheirOrigin() {
        String ticket = tickets.issue("ada", PAGE);
        assertEquals(Optional.empty(), tickets.redeem(ticket, ATTACKER), "a ticket issued to a page on " + PAGE
                + " was accepted from " + ATTACKER + ". A leaked ticket must be useless to another site's page:"
                + " remember the origin at issue time and compare it when redeeming.");
        assertEquals(Optional.empty(), tickets.redeem(ticket, PAGE), "after a try from " + ATTACKER + " the ticket"
                + " still worked from " + PAGE + ". A ticket shown by a foreign origin has leaked: it must be spent by any"
                + " attempt (remove it first, check it after).");
    }

    @Test
    @DisplayName("Unknown, empty and missing tickets are refused without an exception")
    void unknownTicketsAreRefused() {
        String real = tickets.issue("ada", PAGE);
        for (String bad : new String[] {"not-a-ticket", "", real.substring(1), real + "x", null}) {
            Optional<String> result = assertDoesNotThrow(() -> tickets.redeem(bad, PAGE),
                    "redeem(" + quote(bad) + ", ...) threw: a bad ticket is ordinary input from the network, refuse it"
                            + " with Optional.empty() (a null key makes ConcurrentHashMap throw)");
            assertEquals(Optional.empty(), result, "redeem(" + quote(bad) + ", ...) must be empty");
        }
        assertEquals(Optional.empty(), assertDoesNotThrow(() -> tickets.redeem(tickets.issue("ada", PAGE), null)),
                "a handshake without an Origin header must not redeem a ticket");
        assertEquals(Optional.of("ada"), tickets.redeem(real, PAGE), "near misses must not spend the real ticket");
    }

    @Test
    @DisplayName("Expired tickets are purged, so unredeemed tickets do not pile up")
    void expiredTicketsArePurged() {
        for (int i = 0; i < 1000; i++) {
            tickets.issue("user" + i, PAGE);
        }
        assertEquals(1000, tickets.size(), "size() must count the tickets waiting to be redeemed");
        clock.advance(Duration.ofSeconds(31));
        tickets.issue("ada", PAGE);
        assertEquals(1, tickets.size(), "1000 tickets expired a second ago and one was just issued, but size() is "
                + tickets.size() + ". A page that closes before it connects never redeems its ticket: remove expired"
                + " tickets whenever you issue one, or memory grows with every visit.");
        String ticket = tickets.issue("bob", PAGE);
        tickets.redeem(ticket, PAGE);
        assertEquals(1, tickets.size(), "a redeemed ticket must leave the store");
    }

    @Test
    @DisplayName("Two handshakes racing with one ticket: exactly one wins")
    void concurrentRedeemHasOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 200; round++) {
                String ticket = tickets.issue("ada", PAGE);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<String>>> attempts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return tickets.redeem(ticket, PAGE);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Optional<String>> attempt : attempts) {
                    if (attempt.get(5, TimeUnit.SECONDS).isPresent()) {
                        winners++;
                    }
                }
                assertEquals(1, winners, "4 threads redeemed the same ticket at once and " + winners + " succeeded."
                        + " Checking and removing in two steps (get, then remove) lets two handshakes through:"
                        + " use the result of a single map.remove(ticket) on a ConcurrentHashMap.");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("Over a real WebSocket: the ticket opens one socket, a replay and a foreign page get 403")
    void worksInARealHandshake() throws Exception {
        WebSocketTickets live = new WebSocketTickets(Clock.systemUTC());
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            // Stands in for a logged-in request: the real app would read the user from the session cookie.
            config.routes.post("/tickets", ctx -> ctx.result(live.issue("ada", ctx.header("Origin"))));
            config.routes.wsBeforeUpgrade("/ws/inbox", ctx -> {
                String user = live.redeem(ctx.queryParam("ticket"), ctx.header("Origin"))
                        .orElseThrow(() -> new ForbiddenResponse("no valid ticket"));
                ctx.attribute("user", user);
            });
            config.routes.ws("/ws/inbox", ws -> ws.onConnect(ctx -> ctx.send("hello " + ctx.attribute("user"))));
        }).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String base = "127.0.0.1:" + server.port();
            String ticket = fetchTicket(http, base);
            URI socket = URI.create("ws://" + base + "/ws/inbox?ticket=" + ticket);

            assertEquals("hello ada", connect(http, socket, PAGE), "the page's first handshake with a fresh ticket");
            assertEquals("403", connect(http, socket, PAGE), "the same ticket URL opened a second socket:"
                    + " a URL copied from a log must not work again");

            String fresh = fetchTicket(http, base);
            assertEquals("403", connect(http, URI.create("ws://" + base + "/ws/inbox?ticket=" + fresh), ATTACKER),
                    "a page on " + ATTACKER + " opened a socket with a ticket issued to " + PAGE);
        } finally {
            server.stop();
        }
    }

    // ---- helpers ----

    /** What the page does first: asks for a ticket with an ordinary request from its own origin. */
    private static String fetchTicket(HttpClient http, String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + base + "/tickets"))
                .header("Origin", PAGE).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "POST /tickets (which calls issue(\"ada\", origin)) failed: "
                + response.body() + " (read the server log above)");
        return response.body();
    }

    /** The first text the server sends, or the handshake's refusal status as a string. */
    private static String connect(HttpClient http, URI uri, String origin) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
            }
        };
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().header("Origin", origin).connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return String.valueOf(refused.getResponse().statusCode());
            }
            throw e;
        }
        try {
            return first.get(5, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }

    /** An upper bound on the random bits a ticket can hold, judging by its alphabet. */
    private static int randomBits(String ticket) {
        boolean hexOnly = ticket.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        return ticket.length() * (hexOnly ? 4 : 6);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** A clock that moves only when the test says so. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2030-01-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
