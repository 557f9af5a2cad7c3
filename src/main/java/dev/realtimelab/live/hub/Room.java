package dev.realtimelab.live.hub;

import dev.realtimelab.live.hub.Subscriber.Delivery;
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
 */
final class Room {
    private final String name;
    private final History history;
    private final Runnable onEmpty;
    private final Set<Subscriber> members = new LinkedHashSet<>();
    /** The members as an array, made anew on each join and leave: publishing is far more common. */
    private Subscriber[] snapshot = new Subscriber[0];
    private long lastSeq;
    private int holds;
    private boolean released;

    Room(String name, History history, Runnable onEmpty) {
        this.name = name;
        this.history = history;
        this.onEmpty = onEmpty;
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
        members.add(member);
        snapshot = members.toArray(new Subscriber[0]);
        if (lastSeen < 0) {
            beforeReplay.accept(History.Replay.NOTHING, lastSeq);
        } else {
            History.Replay replay = history.after(lastSeen, lastSeq);
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
        presence("join", member.name(), null);
        return true;
    }
    // endregion

    // region publish
    /** Gives the text the next sequence number, keeps it in the history and fans it out. */
    synchronized long publish(String from, String text) {
        long seq = ++lastSeq;
        FeedEvent event = FeedEvent.of(seq, "message", "seq", seq, "type", "message", "room", name,
                "from", from, "text", text, "sentAt", System.currentTimeMillis());
        history.add(event);
        broadcast(event, false);
        return seq;
    }

    /** The same for any event of a feed: {@code json} makes its body from its sequence number. */
    synchronized long publish(String kind, LongFunction<String> json) {
        long seq = ++lastSeq;
        FeedEvent event = new FeedEvent(seq, kind, json.apply(seq));
        history.add(event);
        broadcast(event, false);
        return seq;
    }

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

    /** Removes a member (again is harmless); the last one out releases the room unless it is held. */
    synchronized void leave(Subscriber member, String reason) {
        if (!members.remove(member)) {
            return;
        }
        snapshot = members.toArray(new Subscriber[0]);
        if (members.isEmpty()) {
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
}
