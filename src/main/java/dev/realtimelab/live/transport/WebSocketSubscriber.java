package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.FeedEvent;

/**
 * A room member on a WebSocket: each event goes out as one text message holding its JSON, the
 * same encoded bytes for every member of the room.
 */
public final class WebSocketSubscriber extends QueuedSubscriber {
    private final WebSocketOutbox outbox;

    public WebSocketSubscriber(String name, boolean wantsPresence, WebSocketOutbox outbox) {
        super(name, wantsPresence);
        this.outbox = outbox;
    }

    @Override
    protected boolean offer(FeedEvent event) {
        return outbox.offer(event.jsonUtf8());
    }

    @Override
    protected boolean isOpen() {
        return outbox.isOpen();
    }

    @Override
    public boolean wasCutOff() {
        return outbox.wasCutOff();
    }

    public WebSocketOutbox outbox() {
        return outbox;
    }
}
