package dev.realtimelab.exercises.slowconsumer;

import java.util.Set;

/**
 * Publishes each message to many subscribers through a bounded queue per subscriber, so that
 * a slow subscriber is dropped instead of slowing down the publisher and everyone else.
 * See EXERCISE.md in this folder for the exact contract.
 */
public final class FanOut implements AutoCloseable {
    /** Someone who receives the messages, e.g. one WebSocket or SSE connection. */
    public interface Subscriber {
        /** Handles one message; may be slow. Runs on the subscriber's own delivery thread. */
        void onMessage(String message) throws Exception;

        /** Called once when the subscriber is dropped, with the reason. Keep it short. */
        default void onDropped(String reason) {
        }
    }

    private final int queueCapacity;

    /** Each subscriber may have at most {@code queueCapacity} messages waiting. */
    public FanOut(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** Adds a subscriber under a unique name and starts delivering to it. */
    public void subscribe(String name, Subscriber subscriber) {
        throw new UnsupportedOperationException("TODO: give the subscriber a bounded queue and a delivery thread");
    }

    /** Removes a subscriber; it receives nothing more. */
    public void unsubscribe(String name) {
        throw new UnsupportedOperationException("TODO: stop the subscriber's delivery");
    }

    /** Queues the message for every subscriber. Never blocks, never runs a subscriber's code. */
    public void publish(String message) {
        throw new UnsupportedOperationException("TODO: offer the message to each queue; drop a subscriber whose queue is full");
    }

    /** The names of the current subscribers. */
    public Set<String> subscribers() {
        throw new UnsupportedOperationException("TODO: list the subscribers");
    }

    /** Stops every delivery; publish() is refused afterwards. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO: stop every delivery thread");
    }
}
