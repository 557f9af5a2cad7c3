package dev.realtimelab.live;

import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Subscriber;

/**
 * A room member on an event stream: each event becomes {@code id: SEQ}, {@code event: KIND}
 * and one {@code data:} line of JSON. The stream's own bounded queue is the member's queue.
 */
public final class EventStreamSubscriber implements Subscriber {
    private final String name;
    private final boolean wantsPresence;
    private volatile EventStream stream;

    /** Attach the stream with {@link #attach} before the member joins a room. */
    public EventStreamSubscriber(String name, boolean wantsPresence) {
        this.name = name;
        this.wantsPresence = wantsPresence;
    }

    public void attach(EventStream stream) {
        this.stream = stream;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wantsPresence() {
        return wantsPresence;
    }

    @Override
    public Delivery deliver(FeedEvent event) {
        if (!stream.isOpen()) {
            return Delivery.CLOSED;
        }
        if (stream.sendEncoded(event.wire(EventStreamSubscriber::encode))) {
            return Delivery.QUEUED;
        }
        // The stream cuts itself off when a send overflows its queue, and remembers that it did.
        return stream.wasCutOff() ? Delivery.TOO_SLOW : Delivery.CLOSED;
    }

    private static byte[] encode(FeedEvent event) {
        return EventStream.encode(Long.toString(event.seq()), event.kind(), event.json());
    }

    /** True when the stream ended because this member fell too far behind. */
    public boolean wasCutOff() {
        EventStream attached = stream; // null if the stream ended before it was attached
        return attached != null && attached.wasCutOff();
    }
}
