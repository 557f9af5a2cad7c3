package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Subscriber;

/**
 * What every room member on a real connection has in common: a name, whether it wants presence
 * events, and a bounded queue of its own that cuts the client off when it falls too far behind.
 * The transports only say how an event enters their queue.
 */
public abstract class QueuedSubscriber implements Subscriber {
    private final String name;
    private final boolean wantsPresence;

    protected QueuedSubscriber(String name, boolean wantsPresence) {
        this.name = name;
        this.wantsPresence = wantsPresence;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean wantsPresence() {
        return wantsPresence;
    }

    @Override
    public final Delivery deliver(FeedEvent event) {
        if (!isOpen()) {
            return Delivery.CLOSED;
        }
        if (offer(event)) {
            return Delivery.QUEUED;
        }
        // The queue cuts the client off when an offer overflows it, and remembers that it did.
        return wasCutOff() ? Delivery.TOO_SLOW : Delivery.CLOSED;
    }

    /** Queues the event without blocking; false when closed or when this event overflowed the queue. */
    protected abstract boolean offer(FeedEvent event);

    protected abstract boolean isOpen();

    /** True when the connection ended because this member fell too far behind. */
    public abstract boolean wasCutOff();
}
