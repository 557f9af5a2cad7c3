package dev.realtimelab.exercises.slowconsumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Publishes each message to many subscribers through a bounded queue per subscriber, so that
 * a slow subscriber is dropped instead of slowing down the publisher and everyone else.
 *
 * <p>Each subscriber gets a delivery thread that takes from its own queue and calls its
 * handler, so a slow handler only ever delays itself. The publisher only offers to queues:
 * an offer never blocks, and a full queue means that subscriber has fallen too far behind.
 * (The course app does the same with non-blocking servlet I/O instead of a thread each.)
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

    /** One subscriber, its queue and the thread that drains it. */
    private final class Subscription {
        final String name;
        final Subscriber subscriber;
        final BlockingQueue<String> queue;
        final Thread thread;
        volatile boolean active = true;

        Subscription(String name, Subscriber subscriber) {
            this.name = name;
            this.subscriber = subscriber;
            this.queue = new ArrayBlockingQueue<>(queueCapacity);
            this.thread = new Thread(this::deliver, "fan-out-" + name);
            this.thread.setDaemon(true); // a forgotten close() must not keep the JVM alive
        }

        private void deliver() {
            try {
                while (active) {
                    String message = queue.take();
                    if (!active) {
                        return;
                    }
                    try {
                        subscriber.onMessage(message);
                    } catch (InterruptedException e) {
                        return; // stopped while handling: we are being dropped or closed
                    } catch (Exception e) {
                        drop(this, "failed: " + e);
                        return;
                    }
                }
            } catch (InterruptedException stopped) {
                // unsubscribed, dropped or closed while waiting for a message
            }
        }

        /** Ends the delivery: nothing waiting is delivered, nothing new is queued. */
        void stop() {
            active = false;
            queue.clear();
            thread.interrupt();
        }
    }

    private final int queueCapacity;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private boolean closed;

    /** Each subscriber may have at most {@code queueCapacity} messages waiting. */
    public FanOut(int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
    }

    /** Adds a subscriber under a unique name and starts delivering to it. */
    public synchronized void subscribe(String name, Subscriber subscriber) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (subscriptions.containsKey(name)) {
            throw new IllegalStateException("there is already a subscriber named " + name);
        }
        Subscription subscription = new Subscription(name, subscriber);
        subscriptions.put(name, subscription);
        subscription.thread.start();
    }

    /** Removes a subscriber; it receives nothing more. */
    public synchronized void unsubscribe(String name) {
        Subscription subscription = subscriptions.remove(name);
        if (subscription != null) {
            subscription.stop();
        }
    }

    /**
     * Queues the message for every subscriber. Never blocks, never runs a subscriber's code.
     * Synchronized so that every subscriber gets the messages in the same order; the lock is
     * held only for a few non-blocking offers.
     */
    public synchronized void publish(String message) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        for (Subscription subscription : subscriptions.values().toArray(new Subscription[0])) {
            if (!subscription.queue.offer(message)) { // offer, never put: put would wait for the slow one
                drop(subscription, "too slow: " + queueCapacity + " messages waiting");
            }
        }
    }

    /** The names of the current subscribers. */
    public synchronized Set<String> subscribers() {
        return new TreeSet<>(subscriptions.keySet());
    }

    /** Stops every delivery; publish() is refused afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        subscriptions.values().forEach(Subscription::stop);
        subscriptions.clear();
    }

    private void drop(Subscription subscription, String reason) {
        synchronized (this) {
            if (subscriptions.get(subscription.name) != subscription) {
                return; // already gone: onDropped is called once at most
            }
            subscriptions.remove(subscription.name);
            subscription.stop();
        }
        try {
            subscription.subscriber.onDropped(reason); // e.g. close its socket with 1013, try again later
        } catch (RuntimeException ignored) {
            // a failing callback must not break publish()
        }
    }
}
