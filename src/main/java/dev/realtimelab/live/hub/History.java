package dev.realtimelab.live.hub;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last events of a feed, kept so that a client that reconnects can be sent what it missed.
 * Bounded twice, by count and by memory, so one busy or hostile feed cannot grow without end.
 * Not thread-safe: the owner guards it.
 */
public final class History {
    private final ArrayDeque<FeedEvent> events = new ArrayDeque<>();
    private final int maxEvents;
    private final long maxWeight;
    private long weight;

    public History(int maxEvents, long maxWeight) {
        this.maxEvents = maxEvents;
        this.maxWeight = maxWeight;
    }

    public void add(FeedEvent event) {
        events.addLast(event);
        weight += event.weight();
        while (events.size() > maxEvents || (weight > maxWeight && events.size() > 1)) {
            weight -= events.removeFirst().weight();
        }
    }

    // region replay
    /**
     * What a client that has seen everything up to {@code lastSeen} must be sent, given that the
     * feed's newest sequence number is {@code newest}. {@code complete} is false when the
     * history no longer reaches back that far (or {@code lastSeen} belongs to an older life of
     * the feed): the client then gets everything still kept and must accept a gap.
     */
    public Replay after(long lastSeen, long newest) {
        long oldestKept = events.isEmpty() ? newest + 1 : events.peekFirst().seq();
        if (lastSeen >= oldestKept - 1 && lastSeen <= newest) {
            return new Replay(true, events.stream().filter(e -> e.seq() > lastSeen).toList());
        }
        return new Replay(false, List.copyOf(events));
    }

    public record Replay(boolean complete, List<FeedEvent> events) {
        /** What a member that asks for no replay gets. */
        public static final Replay NOTHING = new Replay(true, List.of());

        /** Where the client's sequence picks up again: the first event sent, or the next new one. */
        public long resumeFrom(long newest) {
            return events.isEmpty() ? newest + 1 : events.get(0).seq();
        }
    }
    // endregion

    public int size() {
        return events.size();
    }
}
