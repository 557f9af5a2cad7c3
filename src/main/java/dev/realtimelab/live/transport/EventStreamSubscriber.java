package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.FeedEvent;

/**
 * A room member on an event stream: each event becomes {@code id: SEQ}, {@code event: KIND}
 * (none for a plain message of a feed) and {@code data:} lines. The stream's own bounded queue
 * is the member's queue.
 */
public final class EventStreamSubscriber extends QueuedSubscriber {
    private volatile EventStream stream;

    /** Made by {@link EventStreams#member}, which attaches its stream. */
    EventStreamSubscriber(String name, boolean wantsPresence) {
        super(name, wantsPresence);
    }

    void attach(EventStream stream) {
        this.stream = stream;
    }

    /** The stream this member writes to, for what a feed sends before it joins (retry, hello). */
    public EventStream stream() {
        return stream;
    }

    @Override
    protected boolean offer(FeedEvent event) {
        return stream.sendEncoded(event.wire(EventStreamSubscriber::encode));
    }

    @Override
    protected boolean isOpen() {
        return stream.isOpen();
    }

    private static byte[] encode(FeedEvent event) {
        return EventStream.encode(Long.toString(event.seq()), event.kind(), event.json());
    }

    @Override
    public boolean wasCutOff() {
        EventStream attached = stream; // null if the stream ended before it was attached
        return attached != null && attached.wasCutOff();
    }
}
