package dev.realtimelab.live.compare;

import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Subscriber;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.shared.ClientIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /poll/room/{room}?after=SEQ&wait=MS}: short and long polling on the one hub, for
 * lesson 08's latency race. A poll joins the room as a one-shot member that resumes after
 * {@code after}, so the room's own history answers it: what it missed comes back at once; with
 * nothing missed, a short poll ({@code wait=0}) answers an empty list and a long poll waits up to
 * {@code wait} ms for the next message. Either way the member leaves when it has answered. The
 * history lasts while the room has members, as for every resume in the course.
 */
public final class PollingEndpoints {
    public static final String PATH = "/poll/room/{room}";
    static final long MAX_WAIT_MILLIS = 25_000;
    static final int MAX_WAITING = 256;

    private final Hub hub;
    private final Ticker ticker;
    private final AtomicInteger waiting = new AtomicInteger();

    public PollingEndpoints(Hub hub, Ticker ticker) {
        this.hub = hub;
        this.ticker = ticker;
    }

    public void register(JavalinConfig config) {
        config.routes.get(PATH, this::poll);
    }

    /** One poll's member: collects message events; the first one after the join answers a long poll. */
    private static final class PollMember implements Subscriber {
        private final String name = "poll-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        private final List<FeedEvent> events = new ArrayList<>();
        private final CompletableFuture<List<FeedEvent>> answered = new CompletableFuture<>();
        private final Ticker ticker;
        private boolean joined;

        PollMember(Ticker ticker) {
            this.ticker = ticker;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean wantsPresence() {
            return false;
        }

        @Override
        public synchronized Delivery deliver(FeedEvent event) {
            if (answered.isDone()) {
                return Delivery.CLOSED;
            }
            if (!"presence".equals(event.kind()) && events.size() < 500) {
                events.add(event);
                if (joined) {
                    answer(); // a live message for a waiting long poll
                }
            }
            return Delivery.QUEUED;
        }

        /** After the join: what the replay brought, if anything, answers at once. */
        synchronized boolean joinedWithReplay() {
            joined = true;
            return !events.isEmpty();
        }

        synchronized void answer() {
            // Completed on the ticker's thread: the room delivers under its lock and must not write responses.
            List<FeedEvent> copy = List.copyOf(events);
            ticker.after(Duration.ZERO, () -> answered.complete(copy));
        }
    }

    private void poll(Context ctx) {
        String room = ctx.pathParam("room");
        if (!Hub.isRoomName(room)) {
            ctx.status(400).result("Bad room name: " + Hub.ROOM_NAME_RULE + ".");
            return;
        }
        long after = ClientIds.parseSeq(ctx.queryParam("after"));
        long asked = ClientIds.parseSeq(ctx.queryParam("wait"));
        long wait = asked == -1 ? 0 : asked; // absent: a short poll
        if (after < -1 || wait < 0 || wait > MAX_WAIT_MILLIS) {
            ctx.status(400).result("after= is a sequence number and wait= 0 to " + MAX_WAIT_MILLIS + " milliseconds.");
            return;
        }
        if (!hub.hasRoomFor(room)) {
            ctx.status(503).result("The server has too many rooms open. Try again later.");
            return;
        }
        if (wait > 0 && waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            ctx.status(503).result("Too many long polls are waiting. Try again later.");
            return;
        }
        PollMember member = new PollMember(ticker);
        try {
            hub.join(room, member, after);
        } catch (Hub.RoomsFullException e) {
            if (wait > 0) {
                waiting.decrementAndGet();
            }
            ctx.status(503).result(e.getMessage());
            return;
        }
        if (member.joinedWithReplay() || wait == 0) {
            member.answer();
        } else {
            ticker.after(Duration.ofMillis(wait), member::answer);
        }
        ctx.future(() -> member.answered.thenApply(events -> {
            hub.leave(room, member, null);
            if (wait > 0) {
                waiting.decrementAndGet();
            }
            long last = events.isEmpty() ? after : events.get(events.size() - 1).seq();
            StringBuilder json = new StringBuilder("{\"room\":\"").append(room).append("\",\"last\":").append(last).append(",\"events\":[");
            for (int i = 0; i < events.size(); i++) {
                json.append(i == 0 ? "" : ",").append(events.get(i).json());
            }
            ctx.contentType("application/json").header("Cache-Control", "no-store").result(json.append("]}").toString());
            return null;
        }));
    }
}
