package dev.realtimelab.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.History;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub on its own, with members that record what they are handed. */
class HubTest {
    private final Hub hub = new Hub(3);

    /** A member that takes {@code capacity} events and then behaves as one that stopped reading. */
    static final class Recorder implements Subscriber {
        final String name;
        final int capacity;
        final boolean presence;
        final List<FeedEvent> events = new ArrayList<>();
        boolean cutOff;

        Recorder(String name) {
            this(name, Integer.MAX_VALUE, true);
        }

        Recorder(String name, int capacity, boolean presence) {
            this.name = name;
            this.capacity = capacity;
            this.presence = presence;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean wantsPresence() {
            return presence;
        }

        @Override
        public synchronized Delivery deliver(FeedEvent event) {
            if (cutOff) {
                return Delivery.CLOSED;
            }
            if (events.size() >= capacity) {
                cutOff = true;
                return Delivery.TOO_SLOW;
            }
            events.add(event);
            return Delivery.QUEUED;
        }

        synchronized List<JsonNode> json() {
            return events.stream().map(e -> read(e.json())).toList();
        }

        synchronized List<String> texts() {
            return json().stream().filter(n -> n.path("type").asText().equals("message"))
                    .map(n -> n.path("text").asText()).toList();
        }

        synchronized List<Long> messageSeqs() {
            return events.stream().filter(e -> e.kind().equals("message")).map(FeedEvent::seq).toList();
        }
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void aMessageReachesEveryMemberWithItsSequenceNumberAndTimestamp() {
        Recorder ada = new Recorder("Ada");
        Recorder bo = new Recorder("Bo");
        hub.join("lobby", ada, -1);
        hub.join("lobby", bo, -1);

        Hub.Published first = hub.publish("lobby", "Ada", "hi");
        Hub.Published second = hub.publish("lobby", "Bo", "hello <b>you</b>");

        assertEquals(new Hub.Published(1, 2), first);
        assertEquals(2, second.seq());
        for (Recorder member : List.of(ada, bo)) {
            assertEquals(List.of("hi", "hello <b>you</b>"), member.texts());
            assertEquals(List.of(1L, 2L), member.messageSeqs());
        }
        JsonNode message = ada.json().stream().filter(n -> n.path("type").asText().equals("message")).findFirst().orElseThrow();
        assertEquals(1, message.path("seq").asLong());
        assertEquals("lobby", message.path("room").asText());
        assertEquals("Ada", message.path("from").asText());
        assertTrue(Math.abs(System.currentTimeMillis() - message.path("sentAt").asLong()) < 60_000, "sentAt is the server's clock");
    }

    @Test
    void joinsAndLeavesAreAnnouncedWithTheMemberCount() {
        Recorder ada = new Recorder("Ada");
        Recorder bo = new Recorder("Bo");
        hub.join("lobby", ada, -1);
        hub.join("lobby", bo, -1);
        hub.leave("lobby", bo, null);

        List<JsonNode> seen = ada.json();
        assertEquals(3, seen.size(), seen.toString());
        assertPresence(seen.get(0), "join", "Ada", 1);
        assertPresence(seen.get(1), "join", "Bo", 2);
        assertPresence(seen.get(2), "leave", "Bo", 1);
        assertEquals("presence", ada.events.get(0).kind());
    }

    private static void assertPresence(JsonNode event, String type, String who, int members) {
        assertEquals(type, event.path("type").asText(), event.toString());
        assertEquals(who, event.path("who").asText(), event.toString());
        assertEquals(members, event.path("members").asInt(), event.toString());
    }

    @Test
    void aMemberCanDeclinePresenceEvents() {
        Recorder quiet = new Recorder("quiet", Integer.MAX_VALUE, false);
        hub.join("lobby", quiet, -1);
        hub.join("lobby", new Recorder("Bo"), -1);
        hub.publish("lobby", "Bo", "only this");

        assertEquals(1, quiet.events.size(), quiet.events.toString());
        assertEquals(List.of("only this"), quiet.texts());
    }

    /**
     * Like an event stream: once its connection has gone, the next event it is handed makes it
     * leave the room, from inside that delivery.
     */
    final class Disconnecting implements Subscriber {
        final String name;
        volatile boolean gone;

        Disconnecting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Delivery deliver(FeedEvent event) {
            if (!gone) {
                return Delivery.QUEUED;
            }
            hub.leave("crowd", this, null);
            return Delivery.CLOSED;
        }
    }

    @Test
    void aCrowdThatDisconnectsAtOnceLeavesOneAfterAnotherNotOneInsideAnother() throws Exception {
        Recorder stays = new Recorder("stays", Integer.MAX_VALUE, true);
        hub.join("crowd", stays, -1);
        List<Disconnecting> crowd = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Disconnecting member = new Disconnecting("m" + i);
            crowd.add(member);
            hub.join("crowd", member, -1);
        }
        crowd.forEach(member -> member.gone = true);

        // A server thread's stack (Jetty's workers have 1 MiB): one frame set per member overflowed it.
        Throwable[] failure = new Throwable[1];
        Thread publisher = new Thread(null, () -> {
            try {
                hub.publish("crowd", "stays", "is anyone there?");
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "publisher", 1024 * 1024);
        publisher.start();
        publisher.join();

        assertEquals(null, failure[0], () -> "the publish failed: " + failure[0]);
        assertEquals(1, hub.members("crowd"));
        long leaves = stays.json().stream().filter(n -> n.path("type").asText().equals("leave")).count();
        assertEquals(3000, leaves, "every departure is announced once");
    }

    @Test
    void aMemberThatFallsBehindIsDroppedAndTheOthersGetEverything() {
        Recorder slow = new Recorder("slow", 5, false);
        Recorder fast = new Recorder("fast");
        hub.join("lobby", slow, -1);
        hub.join("lobby", fast, -1);

        for (int i = 1; i <= 50; i++) {
            hub.publish("lobby", "fast", "m" + i);
        }

        assertEquals(5, slow.events.size());
        assertEquals(50, fast.messageSeqs().size());
        assertEquals(1, hub.members("lobby"));
        JsonNode leave = fast.json().stream().filter(n -> n.path("type").asText().equals("leave")).findFirst().orElseThrow();
        assertEquals("slow", leave.path("who").asText());
        assertEquals("too slow", leave.path("reason").asText());
    }

    @Test
    void theLastMemberOutReleasesTheRoomAndANewRoomStartsAfresh() {
        Recorder ada = new Recorder("Ada");
        hub.join("lobby", ada, -1);
        hub.join("other", new Recorder("Bo"), -1);
        hub.publish("lobby", "Ada", "one");
        assertEquals(2, hub.roomCount());

        hub.leave("lobby", ada, null);
        assertEquals(1, hub.roomCount());
        assertEquals(0, hub.members("lobby"));

        Recorder again = new Recorder("Ada");
        hub.join("lobby", again, -1);
        assertEquals(1, hub.publish("lobby", "Ada", "two").seq(), "a new room starts its sequence again");
    }

    @Test
    void publishingToARoomWithoutMembersKeepsNothing() {
        assertEquals(new Hub.Published(0, 0), hub.publish("nobody", "x", "lost"));
        assertEquals(0, hub.roomCount());
    }

    @Test
    void aReturningMemberGetsExactlyWhatItMissed() {
        Recorder ada = new Recorder("Ada");
        hub.join("lobby", ada, -1);
        for (int i = 1; i <= 10; i++) {
            hub.publish("lobby", "Ada", "m" + i);
        }
        Recorder back = new Recorder("Bo");
        hub.join("lobby", back, 7);
        hub.publish("lobby", "Ada", "m11");

        assertEquals(List.of(8L, 9L, 10L, 11L), back.messageSeqs());
        assertTrue(back.json().stream().noneMatch(n -> n.path("type").asText().equals("gap")));
    }

    @Test
    void aResumePointTheHistoryNoLongerReachesGetsAGapNoticeThenAllThatIsKept() {
        Recorder ada = new Recorder("Ada", Integer.MAX_VALUE, false);
        hub.join("lobby", ada, -1);
        for (int i = 1; i <= 600; i++) {
            hub.publish("lobby", "Ada", "m" + i);
        }
        Recorder late = new Recorder("late", Integer.MAX_VALUE, false);
        hub.join("lobby", late, 3);

        JsonNode gap = late.json().get(0);
        assertEquals("gap", gap.path("type").asText());
        assertEquals(3, gap.path("lastSeen").asLong());
        List<Long> replayed = late.messageSeqs();
        assertEquals(600L, replayed.get(replayed.size() - 1));
        assertEquals(gap.path("resumeFrom").asLong(), replayed.get(0));
        assertEquals(replayed.get(0) - 1, late.events.get(0).seq(), "the notice's id is just before the replay");
        assertTrue(replayed.size() < 600, "the history is bounded");
    }

    @Test
    void aResumePointFromAnEarlierLifeOfTheRoomIsAGapToo() {
        Recorder ada = new Recorder("Ada", Integer.MAX_VALUE, false);
        hub.join("lobby", ada, -1);
        hub.publish("lobby", "Ada", "m1");
        Recorder back = new Recorder("back", Integer.MAX_VALUE, false);
        hub.join("lobby", back, 50);

        assertEquals("gap", back.json().get(0).path("type").asText());
        assertEquals(List.of(1L), back.messageSeqs());
    }

    @Test
    void theNumberOfRoomsIsBounded() {
        hub.join("a", new Recorder("x"), -1);
        hub.join("b", new Recorder("x"), -1);
        hub.join("c", new Recorder("x"), -1);
        assertFalse(hub.hasRoomFor("d"));
        assertThrows(Hub.RoomsFullException.class, () -> hub.join("d", new Recorder("x"), -1));
        hub.join("a", new Recorder("y"), -1); // an existing room still takes members
    }

    @Test
    void namesAreChecked() {
        assertTrue(Hub.isRoomName("lobby-2"));
        assertFalse(Hub.isRoomName("Lobby"));
        assertFalse(Hub.isRoomName(""));
        assertFalse(Hub.isRoomName("a".repeat(33)));
        assertFalse(Hub.isRoomName("../x"));
        assertTrue(Hub.isMemberName("Ada Lovelace_1-2"));
        assertFalse(Hub.isMemberName("<script>"));
        assertFalse(Hub.isMemberName("x".repeat(25)));
    }

    @Test
    void historyIsBoundedByCountAndBySize() {
        History byCount = new History(3, Long.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            byCount.add(new FeedEvent(i, "message", "{}"));
        }
        assertEquals(3, byCount.size());
        assertEquals(List.of(3L, 4L, 5L), byCount.after(2, 5).events().stream().map(FeedEvent::seq).toList());
        assertFalse(byCount.after(1, 5).complete());

        History bySize = new History(1000, 10_000);
        for (int i = 1; i <= 10; i++) {
            bySize.add(new FeedEvent(i, "message", "x".repeat(2000)));
        }
        assertTrue(bySize.size() <= 3, "kept " + bySize.size());
    }

    @Test
    void concurrentPublishersAndJoinersNeverBreakTheOrderOfAnyMember() throws Exception {
        Hub big = new Hub();
        try {
            Recorder steady = new Recorder("steady", Integer.MAX_VALUE, false);
            big.join("busy", steady, -1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch done = new CountDownLatch(4);
            List<Recorder> comers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int i = 0; i < 500; i++) {
                        big.publish("busy", "t" + thread, "m" + i);
                        if (i % 50 == 0) {
                            Recorder comer = new Recorder("c" + thread + "-" + i, Integer.MAX_VALUE, false);
                            synchronized (comers) {
                                comers.add(comer);
                            }
                            big.join("busy", comer, i % 100 == 0 ? -1 : Math.max(0, i - 10));
                            if (i % 150 == 0) {
                                big.leave("busy", comer, null);
                            }
                        }
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            pool.shutdown();

            List<Long> all = steady.messageSeqs();
            assertEquals(2000, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i), "the steady member sees 1..2000 in order");
            }
            for (Recorder comer : comers) {
                List<Long> seqs = comer.messageSeqs();
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) + 1, seqs.get(i), comer.name + " got a gap or a repeat: " + seqs);
                }
            }
        } finally {
            big.leave("busy", null, null);
        }
    }
}
