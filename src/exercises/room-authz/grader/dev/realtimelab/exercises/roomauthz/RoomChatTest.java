package dev.realtimelab.exercises.roomauthz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grades {@link RoomChat}: a real Javalin server mounts it on {@code /ws/rooms/{room}}, real
 * java.net.http clients join as different users, and the test changes permissions mid-session.
 */
@Tag("exercise")
@Tag("room-authz")
@DisplayName("Exercise room-authz: permissions checked on join and on every message")
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RoomChatTest {
    private static final int POLICY_VIOLATION = 1008;
    private static final long WAIT_SECONDS = 5;

    private static final AtomicReference<RoomChat> current = new AtomicReference<>();
    /** Connection ids whose onConnect has run: the client's handshake completes a little earlier. */
    private static final Set<String> joinsHandled = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger connections = new AtomicInteger();
    private static Javalin server;
    private static HttpClient client;

    private final TestPermissions permissions = new TestPermissions();
    private final List<Member> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            // ?user= stands in for real authentication (exercise ws-ticket); this grader is about authorization.
            config.routes.ws("/ws/rooms/{room}", ws -> {
                ws.onConnect(ctx -> {
                    try {
                        current.get().join(ctx, ctx.queryParam("user"), ctx.pathParam("room"));
                    } finally {
                        joinsHandled.add(ctx.queryParam("connection")); // lets the test wait for the join
                    }
                });
                ws.onMessage(ctx -> current.get().receive(ctx, ctx.queryParam("user"), ctx.pathParam("room"), ctx.message()));
                ws.onClose(ctx -> current.get().leave(ctx, ctx.pathParam("room")));
            });
        }).start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void freshChat() {
        current.set(new RoomChat(permissions));
    }

    @AfterEach
    void closeSockets() {
        opened.forEach(Member::abort);
    }

    @Test
    @DisplayName("Members post, and every member of the room receives it, sender included")
    void membersChat() {
        permissions.member("ada", "design");
        permissions.member("bob", "design");
        Member ada = join("ada", "design");
        Member bob = join("bob", "design");
        ada.say("hi bob");
        assertEquals("ada: hi bob", bob.next(), "bob, a member of design, should receive ada's message as \"ada: hi bob\"");
        assertEquals("ada: hi bob", ada.next(), "the sender is a member too and receives her own message");
    }

    @Test
    @DisplayName("A user without permission for the room is closed with 1008 at join")
    void nonMembersAreRefusedAtJoin() {
        permissions.member("ada", "design");
        Member ada = join("ada", "design");
        Member eve = join("eve", "design");
        Integer eveCode = eve.closeCode();
        assertEquals(POLICY_VIOLATION, eveCode, "eve is not a member of design but her socket was not closed"
                + " with 1008 (policy violation)" + explain(eveCode) + ". Check permissions.mayRead(user, room) in"
                + " join() and close at once.");
        ada.say("members only");
        assertEquals("ada: members only", ada.next(), "ada should still receive her own message");
        assertNull(eve.heard("ada: members only"), "eve, who was refused, heard a message of the room");

        Member adaInFinance = join("ada", "finance");
        assertEquals(POLICY_VIOLATION, adaInFinance.closeCode(), "ada may use design, not finance, yet her socket to"
                + " finance was let in: permissions are per room, so ask about the room being joined");
    }

    @Test
    @DisplayName("A member removed mid-session cannot post: the next message closes the socket with 1008 and reaches no one")
    void removedMemberCannotPost() {
        permissions.member("ada", "design");
        permissions.member("bob", "design");
        Member ada = join("ada", "design");
        Member bob = join("bob", "design");
        ada.say("welcome");
        ada.next();
        bob.next();

        permissions.remove("bob", "design");
        bob.say("still here?");
        assertEquals(POLICY_VIOLATION, bob.closeCode(), "bob was removed from design, then posted, and his socket was"
                + " not closed with 1008. The handshake was authorized when he was a member; that proves nothing now."
                + " Ask permissions.mayRead(user, room) again for every message.");
        ada.say("marker");
        String next = ada.next();
        assertNotEquals("bob: still here?", next, "bob's message reached ada after he was removed from the room");
        assertEquals("ada: marker", next, "ada's next message should be her own marker");
    }

    @Test
    @DisplayName("A member removed mid-session stops receiving: the next message is not sent to them")
    void removedMemberStopsReceiving() {
        permissions.member("ada", "design");
        permissions.member("bob", "design");
        Member ada = join("ada", "design");
        Member bob = join("bob", "design");
        ada.say("hello");
        ada.next();
        bob.next();

        permissions.remove("bob", "design");
        ada.say("the secret plan");
        assertEquals("ada: the secret plan", ada.next(), "ada should receive her own message");
        Integer code = bob.closeCode();
        assertNull(bob.heard("ada: the secret plan"), "bob was removed from design but still received \"the secret plan\"."
                + " Authorize outgoing messages too: before sending to a member, ask mayRead for that member's user.");
        assertEquals(POLICY_VIOLATION, code, "bob lost his permission; when the room next had a message for him his"
                + " socket should have been closed with 1008 (so his page can say why), not left open");
    }

    @Test
    @DisplayName("A reader who may not post gets an error reply, stays connected, and the room hears nothing")
    void readOnlyMemberGetsAnError() {
        permissions.member("ada", "news");
        permissions.reader("carol", "news");
        Member ada = join("ada", "news");
        Member carol = join("carol", "news");
        carol.say("let me post");
        String reply = carol.next();
        assertNotNull(reply, "carol may read news but not post; her message got no reply. Answer with a text that starts"
                + " with \"error:\" (the socket may stay open: she is still a reader)");
        assertTrue(reply.startsWith("error:"), "carol's refused post should be answered with a text starting with"
                + " \"error:\", but she received: " + reply);
        ada.say("today's news");
        assertEquals("ada: today's news", ada.next(), "carol's refused post reached the room (ada received it first)");
        assertEquals("ada: today's news", carol.next(), "carol is still a reader: her socket should stay open and"
                + " receive the room's messages");
    }

    @Test
    @DisplayName("Permissions are asked for each message, not remembered from the join")
    void permissionsAreReadLive() {
        permissions.member("ada", "news");
        permissions.reader("carol", "news");
        Member ada = join("ada", "news");
        Member carol = join("carol", "news");
        carol.say("first try");
        String refusal = carol.next();
        assertTrue(refusal != null && refusal.startsWith("error:"), "carol may not post yet: expected an \"error:\" reply,"
                + " got " + refusal);

        permissions.member("carol", "news");
        carol.say("now I may");
        assertEquals("carol: now I may", ada.next(), "carol was allowed to post after she joined, but her next message"
                + " did not reach the room. Did you store the permission at join time? Ask for every message.");
    }

    // ---- helpers ----

    private Member join(String user, String room) {
        Member member = new Member();
        String connection = String.valueOf(connections.incrementAndGet());
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/rooms/" + room + "?user=" + user
                + "&connection=" + connection);
        try {
            member.socket = client.newWebSocketBuilder().header("Origin", "http://localhost:7070")
                    .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, member).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(user + " could not even open a socket to " + room + ": " + e, e);
        }
        opened.add(member);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!joinsHandled.contains(connection) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertTrue(joinsHandled.contains(connection), "join() for " + user + " did not return within " + WAIT_SECONDS + " s");
        return member;
    }

    static String explain(Integer code) {
        if (code != null && code == 1011) {
            return " (1011 = server error: join() or receive() threw an exception; read the server log above)";
        }
        return "";
    }

    /** Permissions the test changes while sockets are open. */
    static final class TestPermissions implements RoomChat.Permissions {
        private final Set<String> readers = ConcurrentHashMap.newKeySet();
        private final Set<String> posters = ConcurrentHashMap.newKeySet();

        void member(String user, String room) {
            readers.add(user + "@" + room);
            posters.add(user + "@" + room);
        }

        void reader(String user, String room) {
            readers.add(user + "@" + room);
            posters.remove(user + "@" + room);
        }

        void remove(String user, String room) {
            readers.remove(user + "@" + room);
            posters.remove(user + "@" + room);
        }

        @Override
        public boolean mayRead(String user, String room) {
            return readers.contains(user + "@" + room);
        }

        @Override
        public boolean mayPost(String user, String room) {
            return posters.contains(user + "@" + room);
        }
    }

    /** One user's socket: what it received and how it was closed. */
    static final class Member implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final List<String> everything = new ArrayList<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                synchronized (everything) {
                    everything.add(text);
                }
                received.add(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        void say(String text) {
            try {
                socket.sendText(text, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                Integer code = closed.getNow(null);
                fail("could not send \"" + text + "\": " + (code == null ? e.toString()
                        : "the server had already closed this socket with code " + code + explain(code)));
            }
        }

        /** The next text received, or null after a few seconds of silence. */
        String next() {
            try {
                return received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The text if this socket ever received it, else null. */
        String heard(String text) {
            synchronized (everything) {
                return everything.contains(text) ? text : null;
            }
        }

        /** The close code the server sent, or null if the socket is still open after a few seconds. */
        Integer closeCode() {
            try {
                return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        void abort() {
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
