package dev.realtimelab.live.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.Subscriber.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;

/**
 * One room: its members, its message sequence and a bounded history. Every change happens
 * under the room's lock, so each member sees the messages in sequence order and a member that
 * joins with a resume point gets the replay and then the live messages, without a gap or a
 * repeat. Delivering only queues (see {@link Subscriber#deliver}), so holding the lock while
 * fanning out never waits on a socket. A room lives while it has members or a source holds it
 * (see {@link Hub#feed}); a held room keeps numbering and keeping history with nobody listening.
 *
 * <p>A room the {@link Backplane} shares with other instances does not number its own messages:
 * it hands them to the backplane and delivers what comes back, in sequence order, whichever
 * instance published them; a resume replays the backplane's history. While the backplane cannot
 * be reached the room is degraded: it says so to its members and numbers locally until it is back.
 */
final class Room {
    private final String name;
    private final History history;
    private final Runnable onEmpty;
    private final Backplane backplane;
    private final boolean shared;
    private final Set<Subscriber> members = new LinkedHashSet<>();
    /** The members as an array, made anew on each join and leave: publishing is far more common. */
    private Subscriber[] snapshot = new Subscriber[0];
    private long lastSeq;
    private int holds;
    private boolean released;
    /** Shared: {@link #lastSeq} has been read from the backplane. */
    private boolean synced;
    /** Shared: the backplane cannot be reached, the room numbers and fans out locally. */
    private boolean degraded;
    /** Shared: members on every instance, as the backplane last said. */
    private int roomMembers;
    /** Members to remove once the removal in progress on this thread is done (see {@link #leave}). */
    private final ArrayDeque<Departure> departures = new ArrayDeque<>();
    private boolean departing;

    Room(String name, History history, Runnable onEmpty) {
        this(name, history, onEmpty, Backplane.IN_MEMORY);
    }

    Room(String name, History history, Runnable onEmpty, Backplane backplane) {
        this.name = name;
        this.history = history;
        this.onEmpty = onEmpty;
        this.backplane = backplane;
        this.shared = backplane.shares(name);
        this.degraded = shared && !backplane.reachable();
    }

    // region join
    /**
     * Adds a member. With {@code lastSeen >= 0} it first gets the messages after that sequence
     * number from the history; {@code beforeReplay} is told what it will get (and the newest
     * sequence number) just before. False if the room was released meanwhile: ask the hub again.
     */
    synchronized boolean join(Subscriber member, long lastSeen, ObjLongConsumer<History.Replay> beforeReplay) {
        if (released) {
            return false;
        }
        // Shared: what the backplane keeps is the history; first deliver what this instance has
        // not had yet to the members already here, so the newcomer's replay ends where live begins.
        if (shared && !synced) {
            sync();
        }
        History kept = shared && lastSeen >= 0 ? catchUp() : history;
        members.add(member);
        snapshot = members.toArray(new Subscriber[0]);
        if (lastSeen < 0) {
            beforeReplay.accept(History.Replay.NOTHING, lastSeq);
        } else {
            History.Replay replay = kept.after(lastSeen, lastSeq);
            beforeReplay.accept(replay, lastSeq);
            if (!replay.complete()) {
                long resumeFrom = replay.resumeFrom(lastSeq);
                // A lastSeen of Long.MAX_VALUE stands for an id that was no number: left out.
                send(member, FeedEvent.of(resumeFrom - 1, "notice", "seq", resumeFrom - 1, "type", "gap",
                        "room", name, "lastSeen", lastSeen == Long.MAX_VALUE ? null : lastSeen, "resumeFrom", resumeFrom,
                        "sentAt", System.currentTimeMillis()));
            }
            for (FeedEvent missed : replay.events()) {
                send(member, missed);
            }
        }
        if (degraded) {
            send(member, notice("degraded"));
        }
        presence("join", member.name(), null);
        return true;
    }
    // endregion

    // region publish
    /**
     * Gives the text the next sequence number, keeps it in the history and fans it out. A shared
     * room hands it to the backplane instead (not under the lock: its delivery comes back through
     * {@link #arrived}) and returns once the backplane has it.
     */
    long publish(String from, String text) {
        if (shared) {
            return publishShared(from, text);
        }
        synchronized (this) {
            long seq = ++lastSeq;
            FeedEvent event = message(seq, from, text, System.currentTimeMillis());
            history.add(event);
            broadcast(event, false);
            return seq;
        }
    }

    private FeedEvent message(long seq, String from, String text, long sentAt) {
        return FeedEvent.of(seq, "message", "seq", seq, "type", "message", "room", name,
                "from", from, "text", text, "sentAt", sentAt);
    }

    /** The same for any event of a feed: {@code json} makes its body from its sequence number. */
    synchronized long publish(String kind, LongFunction<String> json) {
        long seq = ++lastSeq;
        FeedEvent event = new FeedEvent(seq, kind, json.apply(seq));
        history.add(event);
        broadcast(event, false);
        return seq;
    }

    // region shared
    private long publishShared(String from, String text) {
        long sentAt = System.currentTimeMillis();
        if (isDegraded() && backplane.reachable()) {
            reachable(true); // a failed publish degraded the room while the connection stayed up
        }
        if (!isDegraded()) {
            try {
                return backplane.publish(name, Json.object("from", from, "text", text, "sentAt", sentAt));
            } catch (Backplane.Unavailable e) {
                reachable(false);
            }
        }
        synchronized (this) {
            // Degraded: the members here still talk to each other, numbered on from the last id.
            long seq = ++lastSeq;
            FeedEvent event = message(seq, from, text, sentAt);
            history.add(event);
            broadcast(event, false);
            return seq;
        }
    }

    // region in-order
    /** Message {@code seq} from the backplane: delivered in order, a gap first filled from its history. */
    synchronized void arrived(long seq, String payload) {
        if (!synced || degraded || seq <= lastSeq) {
            return; // already delivered, or published before anyone here joined
        }
        if (seq > lastSeq + 1) {
            catchUp();
            if (seq <= lastSeq) {
                return;
            }
        }
        deliver(seq, payload);
    }
    // endregion

    private void deliver(long seq, String payload) {
        JsonNode fields = parse(payload);
        FeedEvent event = message(seq, fields.path("from").asText(), fields.path("text").asText(), fields.path("sentAt").asLong());
        lastSeq = seq;
        history.add(event);
        broadcast(event, false);
    }

    /**
     * Reads what the backplane keeps, delivers what this instance has not delivered yet, and
     * returns it all as a history for a replay. Degrades the room if the backplane is away.
     */
    private History catchUp() {
        if (degraded) {
            return history;
        }
        try {
            List<Backplane.Entry> entries = backplane.history(name);
            History kept = new History(Hub.HISTORY_EVENTS * 2, Hub.HISTORY_BYTES * 2);
            for (Backplane.Entry entry : entries) {
                if (synced && entry.seq() > lastSeq) {
                    deliver(entry.seq(), entry.payload());
                }
                JsonNode fields = parse(entry.payload());
                kept.add(message(entry.seq(), fields.path("from").asText(), fields.path("text").asText(), fields.path("sentAt").asLong()));
            }
            return kept;
        } catch (Backplane.Unavailable e) {
            reachable(false);
            return history;
        }
    }

    private void sync() {
        try {
            lastSeq = Math.max(lastSeq, backplane.lastSeq(name));
            synced = true;
        } catch (Backplane.Unavailable e) {
            reachable(false);
        }
    }

    /** Someone joined or left on some instance: shown here with this room's newest id. */
    synchronized void remotePresence(int total, String payload) {
        if (degraded) {
            return;
        }
        JsonNode fields = parse(payload);
        roomMembers = total;
        broadcast(FeedEvent.of(lastSeq, "presence", "seq", lastSeq, "type", fields.path("type").asText(), "room", name,
                "who", fields.path("who").asText(), "members", total,
                "reason", fields.hasNonNull("reason") ? fields.get("reason").asText() : null,
                "sentAt", fields.path("sentAt").asLong()), true);
    }

    // region degraded
    /**
     * The backplane was lost or is back. Lost: the members hear that the room is degraded and
     * the room numbers on locally. Back: the backplane numbers on above what was used locally,
     * what others published meanwhile is delivered, and the members hear that it recovered.
     */
    synchronized void reachable(boolean up) {
        if (!shared || released) {
            return;
        }
        if (!up && !degraded) {
            degraded = true;
            broadcast(notice("degraded"), false);
        } else if (up && degraded) {
            try {
                backplane.raiseSeq(name, lastSeq);
                degraded = false;
                synced = true;
                catchUp();
                roomMembers = backplane.presence(name, members.size(), null);
                broadcast(notice("recovered"), false);
            } catch (Backplane.Unavailable e) {
                degraded = true;
            }
        }
    }
    // endregion

    synchronized boolean isDegraded() {
        return degraded;
    }

    private FeedEvent notice(String type) {
        String message = type.equals("degraded")
                ? "the message broker cannot be reached: only members on this server get messages, and resume may miss some"
                : "the message broker is back: messages reach every server again";
        return FeedEvent.of(lastSeq, "notice", "seq", lastSeq, "type", type, "room", name,
                "message", message, "sentAt", System.currentTimeMillis());
    }

    private static JsonNode parse(String payload) {
        try {
            return Json.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a backplane message that is not JSON: " + payload, e);
        }
    }
    // endregion

    private void broadcast(FeedEvent event, boolean isPresence) {
        // The array as it was: a member that fails while we deliver leaves at once.
        List<Subscriber> tooSlow = new ArrayList<>();
        for (Subscriber member : snapshot) {
            if (isPresence && !member.wantsPresence()) {
                continue;
            }
            Delivery delivery = member.deliver(event);
            if (delivery == Delivery.TOO_SLOW) {
                tooSlow.add(member);
            } else if (delivery == Delivery.CLOSED) {
                leave(member, null);
            }
        }
        for (Subscriber member : tooSlow) {
            leave(member, "too slow");
        }
    }
    // endregion

    /**
     * Removes a member (again is harmless); the last one out releases the room unless it is held.
     * A member whose connection has gone leaves from inside a delivery to it, and the others
     * hear of it in a delivery that can find the next one gone: so a leave that comes while this
     * thread is already removing members waits in {@link #departures} for the loop below. Nested
     * instead, a crowd disconnecting at once ran one stack frame deep per member, and overflowed.
     */
    synchronized void leave(Subscriber member, String reason) {
        departures.add(new Departure(member, reason));
        if (departing) {
            return;
        }
        departing = true;
        try {
            for (Departure next; (next = departures.poll()) != null; ) {
                remove(next.member(), next.reason());
            }
        } finally {
            departing = false;
        }
    }

    private record Departure(Subscriber member, String reason) {}

    private void remove(Subscriber member, String reason) {
        if (!members.remove(member)) {
            return;
        }
        snapshot = members.toArray(new Subscriber[0]);
        if (members.isEmpty()) {
            if (shared) {
                presence("leave", member.name(), reason); // the other instances' members are still there
            }
            releaseIfUnused();
        } else {
            presence("leave", member.name(), reason);
        }
    }

    /** A source holds the room open. False if it was released meanwhile: ask the hub again. */
    synchronized boolean hold() {
        if (released) {
            return false;
        }
        holds++;
        return true;
    }

    synchronized void unhold() {
        if (holds > 0 && --holds == 0) {
            releaseIfUnused();
        }
    }

    private void releaseIfUnused() {
        if (members.isEmpty() && holds == 0 && !released) {
            released = true;
            onEmpty.run();
        }
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Presence events carry the sequence number of the last message, so an SSE id never goes back. */
    private void presence(String type, String who, String reason) {
        if (shared && !degraded) {
            // Through the backplane, which counts the whole room and tells every instance.
            try {
                roomMembers = backplane.presence(name, members.size(),
                        Json.object("type", type, "who", who, "reason", reason, "sentAt", System.currentTimeMillis()));
                return;
            } catch (Backplane.Unavailable e) {
                reachable(false);
            }
        }
        broadcast(FeedEvent.of(lastSeq, "presence", "seq", lastSeq, "type", type, "room", name,
                "who", who, "members", members.size(), "reason", reason,
                "sentAt", System.currentTimeMillis()), true);
    }

    private void send(Subscriber member, FeedEvent event) {
        // A member that fails during its replay is dropped by the next broadcast.
        member.deliver(event);
    }

    synchronized int size() {
        return members.size();
    }

    /** Members of the whole room: on every instance when shared (and reachable), else here. */
    synchronized int roomSize() {
        return shared && !degraded ? Math.max(roomMembers, members.size()) : members.size();
    }
}
