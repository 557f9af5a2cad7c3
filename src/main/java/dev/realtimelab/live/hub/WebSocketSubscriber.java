package dev.realtimelab.live.hub;

/** A room member on a WebSocket: each event goes out as one text message holding its JSON. */
public final class WebSocketSubscriber implements Subscriber {
    private final String name;
    private final boolean wantsPresence;
    private final WebSocketOutbox outbox;

    public WebSocketSubscriber(String name, boolean wantsPresence, WebSocketOutbox outbox) {
        this.name = name;
        this.wantsPresence = wantsPresence;
        this.outbox = outbox;
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
        if (!outbox.isOpen()) {
            return Delivery.CLOSED;
        }
        return outbox.offer(event.json()) ? Delivery.QUEUED : Delivery.TOO_SLOW;
    }

    public WebSocketOutbox outbox() {
        return outbox;
    }
}
