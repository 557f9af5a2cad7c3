package dev.realtimelab.exercises.chatroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.realtimelab.exercises.chatroom.ChatRooms.Kind;
import dev.realtimelab.exercises.chatroom.ChatRooms.RoomEvent;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Grades the chat-room exercise: rooms, presence and broadcast, alone and behind a real WebSocket endpoint. */
@Tag("exercise")
@Tag("chat-room")
@DisplayName("chat-room: rooms with broadcast and presence")
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatRoomsTest {

    @Test
    @DisplayName("tells every member, the newcomer included, who joined")
    void announcesJoins() {
        ChatRooms rooms = new ChatRooms();
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        rooms.join("lobby", "alice", alice);
        assertEquals(List.of(joined("alice")), alice.events, "alice joins an empty room: she is told JOINED alice (her \"you're in\")");
        rooms.join("lobby", "bob", bob);
        assertEquals(List.of(joined("alice"), joined("bob")), alice.events, "alice is told that bob joined");
        assertEquals(List.of(joined("bob")), bob.events, "bob is told JOINED bob; he learns who else is here from members()");
        assertEquals(List.of("alice", "bob"), rooms.members("lobby"), "members() lists the room in join order");
        assertEquals(List.of(), rooms.members("nowhere"), "a room nobody joined has no members (and no exception)");
    }

    @Test
    @DisplayName("delivers a message to every member of its room, the sender included, and to no other room")
    void broadcastsWithinTheRoom() {
        ChatRooms rooms = new ChatRooms();
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        Inbox carol = new Inbox();
        rooms.join("lobby", "alice", alice);
        rooms.join("lobby", "bob", bob);
        rooms.join("kitchen", "carol", carol);
        alice.events.clear();
        bob.events.clear();
        carol.events.clear();
        rooms.publish("lobby", "alice", "hello");
        RoomEvent hello = new RoomEvent(Kind.MESSAGE, "lobby", "alice", "hello");
        assertEquals(List.of(hello), bob.events, "bob, in the same room, gets alice's message");
        assertEquals(List.of(hello), alice.events, "the sender gets her own message too: that is her confirmation, in the room's order");
        assertEquals(List.of(), carol.events, "carol is in another room: she must not see it");
    }

    @Test
    @DisplayName("tells the others who left, and forgets an empty room")
    void announcesLeaves() {
        ChatRooms rooms = new ChatRooms();
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        rooms.join("lobby", "alice", alice);
        rooms.join("lobby", "bob", bob);
        alice.events.clear();
        bob.events.clear();
        rooms.leave("lobby", "bob");
        assertEquals(List.of(new RoomEvent(Kind.LEFT, "lobby", "bob", null)), alice.events, "alice is told that bob left");
        rooms.publish("lobby", "alice", "anyone?");
        assertEquals(List.of(), bob.events, "bob left: he gets nothing more, not even his own LEFT");
        assertEquals(List.of("alice"), rooms.members("lobby"), "only alice is left");
        rooms.leave("lobby", "bob");
        assertEquals(1, alice.events.stream().filter(e -> e.kind() == Kind.LEFT).count(),
                "leaving twice (a socket's close and error handlers may both call leave) must do nothing the second time");
        rooms.leave("lobby", "alice");
        assertFalse(rooms.rooms().contains("lobby"), "a room with no members must be forgotten, or rooms pile up in memory forever");
    }

    @Test
    @DisplayName("refuses bad room names, a taken member name and messages from strangers")
    void refusesBadInput() {
        ChatRooms rooms = new ChatRooms();
        for (String bad : List.of("", "Lobby", "a b", "../etc", "x".repeat(33))) {
            assertThrows(IllegalArgumentException.class, () -> rooms.join(bad, "alice", new Inbox()),
                    "the room name \"" + bad + "\" must be refused with IllegalArgumentException: names are 1 to 32 of a-z 0-9 -");
        }
        assertThrows(IllegalArgumentException.class, () -> rooms.join("lobby", " ", new Inbox()),
                "a blank member name must be refused with IllegalArgumentException");
        rooms.join("x".repeat(32), "alice", new Inbox());
        rooms.join("lobby", "alice", new Inbox());
        assertThrows(IllegalStateException.class, () -> rooms.join("lobby", "alice", new Inbox()),
                "alice is already in the lobby: a second alice must be refused with IllegalStateException");
        assertThrows(IllegalStateException.class, () -> rooms.publish("lobby", "mallory", "hi"),
                "mallory is not a member of the lobby: her message must be refused with IllegalStateException");
    }

    @Test
    @DisplayName("keeps delivering when one member's listener fails, and removes that member")
    void survivesABrokenListener() {
        ChatRooms rooms = new ChatRooms();
        Inbox alice = new Inbox();
        Inbox bob = new Inbox();
        rooms.join("lobby", "alice", alice);
        rooms.join("lobby", "broken", event -> {
            if (event.kind() == Kind.MESSAGE) {
                throw new IllegalStateException("this connection is gone");
            }
        });
        rooms.join("lobby", "bob", bob);
        alice.events.clear();
        bob.events.clear();
        rooms.publish("lobby", "alice", "hi");
        RoomEvent hi = new RoomEvent(Kind.MESSAGE, "lobby", "alice", "hi");
        assertTrue(bob.events.contains(hi), "bob joined after the broken member: he must still get the message (catch the"
                + " listener's exception per member), got " + bob.events);
        assertEquals(List.of("alice", "bob"), rooms.members("lobby"), "a member whose listener throws is removed");
        assertTrue(alice.events.contains(new RoomEvent(Kind.LEFT, "lobby", "broken", null)),
                "and the others are told it left, got " + alice.events);
    }

    @Test
    @DisplayName("gives every member the same order of messages while many threads publish")
    void sameOrderForEveryone() throws InterruptedException {
        ChatRooms rooms = new ChatRooms();
        int senders = 4;
        int perSender = 200;
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Inbox inbox = new Inbox();
            inboxes.add(inbox);
            rooms.join("busy", "sender-" + i, inbox);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            String name = "sender-" + i;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perSender; n++) {
                    rooms.publish("busy", name, name + "#" + n);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        List<String> first = inboxes.get(0).messages();
        assertEquals(senders * perSender, first.size(), "every member gets every message exactly once");
        for (int i = 1; i < senders; i++) {
            assertEquals(first, inboxes.get(i).messages(), "sender-" + i + " saw the messages in another order than sender-0:"
                    + " a conversation must read the same for everyone (deliver each event to all members before the next)");
        }
        for (int i = 0; i < senders; i++) {
            String prefix = "sender-" + i + "#";
            List<String> own = first.stream().filter(m -> m.startsWith(prefix)).toList();
            for (int n = 0; n < perSender; n++) {
                assertEquals(prefix + n, own.get(n), "each sender's messages arrive in the order they were sent");
            }
        }
    }

    @Test
    @DisplayName("works behind a real WebSocket endpoint")
    void worksOverWebSockets() throws Exception {
        ChatRooms rooms = new ChatRooms();
        AtomicReference<Throwable> endpointError = new AtomicReference<>();
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            // The glue a chat server needs around ChatRooms: one member per socket.
            config.routes.ws("/room/{room}", ws -> {
                ws.onConnect(ctx -> {
                    try {
                        rooms.join(ctx.pathParam("room"), ctx.queryParam("name"), event -> ctx.send(
                                event.kind() == Kind.MESSAGE ? event.member() + ": " + event.text()
                                        : event.member() + " " + event.kind().name().toLowerCase()));
                    } catch (IllegalArgumentException | IllegalStateException e) {
                        ctx.closeSession(1008, e.getClass().getSimpleName());
                    } catch (RuntimeException e) {
                        endpointError.compareAndSet(null, e);
                        ctx.closeSession(1011, "join failed");
                    }
                });
                ws.onMessage(ctx -> rooms.publish(ctx.pathParam("room"), ctx.queryParam("name"), ctx.message()));
                ws.onClose(ctx -> rooms.leave(ctx.pathParam("room"), ctx.queryParam("name")));
            });
        }).start();
        try {
            String base = "ws://127.0.0.1:" + server.port() + "/room/";
            Client alice = Client.connect(base + "lobby?name=alice");
            assertEquals("alice joined", alice.next(), () -> "alice's socket is told she joined"
                    + (endpointError.get() == null ? "" : " (join() threw " + endpointError.get() + ")"));
            Client bob = Client.connect(base + "lobby?name=bob");
            assertEquals("bob joined", bob.next(), "bob's socket is told he joined");
            assertEquals("bob joined", alice.next(), "alice's socket is told bob joined");
            alice.socket.sendText("hi bob", true);
            assertEquals("alice: hi bob", bob.next(), "bob's socket gets alice's message");
            assertEquals("alice: hi bob", alice.next(), "alice's socket gets her own message back");
            bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            assertEquals("bob left", alice.next(), "alice's socket is told bob left when his socket closed");
            Client mallory = Client.connect(base + "Not%20A%20Room?name=mallory");
            assertEquals("closed 1008", mallory.next(), "an invalid room name must throw IllegalArgumentException,"
                    + " which the endpoint turns into close code 1008 (policy violation)");
            alice.socket.abort();
        } finally {
            server.stop();
        }
    }

    // ---- helpers ----

    private static RoomEvent joined(String member) {
        return new RoomEvent(Kind.JOINED, "lobby", member, null);
    }

    /** A member's listener that keeps what it was told. */
    private static final class Inbox implements Consumer<RoomEvent> {
        final List<RoomEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(RoomEvent event) {
            events.add(event);
        }

        List<String> messages() {
            synchronized (events) {
                return events.stream().filter(e -> e.kind() == Kind.MESSAGE).map(RoomEvent::text).toList();
            }
        }
    }

    /** A java.net.http WebSocket client that queues what it receives, and how it was closed. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket;

        static Client connect(String uri) throws Exception {
            Client client = new Client();
            client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(uri), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        String next() throws InterruptedException {
            String message = received.poll(5, TimeUnit.SECONDS);
            if (message == null) {
                fail("nothing arrived on the socket within 5 s");
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add("closed " + statusCode);
            return null;
        }
    }
}
