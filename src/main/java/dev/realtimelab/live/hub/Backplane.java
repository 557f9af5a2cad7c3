package dev.realtimelab.live.hub;

import java.util.List;

/**
 * What the hub's rooms share with the other instances of the app: numbering, history and
 * fan-out. {@link #IN_MEMORY} shares nothing (one instance: each room numbers, keeps and fans
 * out its own messages, as if there were no backplane); {@link RedisBackplane} shares the chat
 * rooms through Redis. A shared room publishes through the backplane and delivers what comes
 * back from it, so every instance delivers the same messages, with the same ids, in one order.
 * The rooms of the app's own feeds (named with a colon) are never shared: each instance runs its
 * own clock and its own verdicts.
 */
public interface Backplane extends AutoCloseable {
    /** The default: one instance, nothing shared, nothing to install. */
    Backplane IN_MEMORY = new Backplane() {
        @Override
        public String kind() {
            return "memory";
        }

        @Override
        public boolean shares(String room) {
            return false;
        }
    };

    /** Thrown when the broker cannot be reached: the room goes on locally, degraded. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One kept message: its sequence number and its payload ({@code from}, {@code text}, {@code sentAt}). */
    record Entry(long seq, String payload) {}

    /** What the backplane tells the hub, on one thread, in the order the broker sent it. */
    interface Inbound {
        /** Message {@code seq} of {@code room}, published by any instance. */
        void message(String room, long seq, String payload);

        /** Someone joined or left {@code room} on any instance; {@code members} counts the whole room. */
        void presence(String room, int members, String payload);

        /** The broker was lost ({@code false}) or is back ({@code true}). */
        void reachable(boolean up);
    }

    /** "memory" or "redis", for /api/rooms. */
    String kind();

    /** True when {@code room} is shared with the other instances. */
    boolean shares(String room);

    /** Starts delivering to {@code inbound}. */
    default void start(Inbound inbound) {}

    /** False while the broker cannot be reached. */
    default boolean reachable() {
        return true;
    }

    /**
     * Numbers a message and hands it to the broker, which keeps it and sends it to every
     * instance (this one too, through {@link Inbound#message}). Returns once the broker has it.
     */
    default long publish(String room, String payload) throws Unavailable {
        throw new UnsupportedOperationException();
    }

    /** What the broker still keeps of {@code room}, oldest first. */
    default List<Entry> history(String room) throws Unavailable {
        throw new UnsupportedOperationException();
    }

    /** The newest sequence number the broker gave out in {@code room}. */
    default long lastSeq(String room) throws Unavailable {
        throw new UnsupportedOperationException();
    }

    /** Makes the broker number on above {@code seq} (after numbering locally while it was away). */
    default void raiseSeq(String room, long seq) throws Unavailable {
        throw new UnsupportedOperationException();
    }

    /**
     * Records that this instance has {@code localMembers} in {@code room}, tells every instance
     * {@code payload} (a join or a leave; null for none) and returns the members of the whole room.
     */
    default int presence(String room, int localMembers, String payload) throws Unavailable {
        throw new UnsupportedOperationException();
    }

    @Override
    default void close() {}
}
