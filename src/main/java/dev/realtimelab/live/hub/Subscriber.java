package dev.realtimelab.live.hub;

/**
 * One member of a room, whatever its transport: a WebSocket, an event stream, a workshop
 * channel. The hub only ever hands it events; it must never block.
 */
public interface Subscriber {
    /** What {@link #deliver} did with an event. */
    enum Delivery {
        /** Queued for sending. */
        QUEUED,
        /** Its queue is full: it has been cut off, and the room drops it. */
        TOO_SLOW,
        /** Its connection is already gone; the room drops it. */
        CLOSED
    }

    /** The name others see in presence events and as {@code from} of its messages. */
    String name();

    /** False for a member that only wants messages, not every join and leave. */
    default boolean wantsPresence() {
        return true;
    }

    /** Queues one event without blocking, or says why it cannot. */
    Delivery deliver(FeedEvent event);
}
