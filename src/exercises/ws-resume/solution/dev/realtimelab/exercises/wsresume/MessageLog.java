package dev.realtimelab.exercises.wsresume;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's half of resuming a WebSocket stream: every message gets a sequence number and
 * stays in a bounded log, so a client that reconnects can ask for what it missed.
 *
 * <p>One lock guards the log and the subscribers, and delivery happens under it. That makes
 * "replay what was missed, then go live" a single step: no message can be appended between
 * the end of the replay and the start of the live delivery (a gap), and none can be both
 * replayed and delivered live (a duplicate). Subscribers must be quick: hand the text to the
 * socket's asynchronous send and return.
 */
public final class MessageLog {
    /** One message with its sequence number (1, 2, 3, ...). */
    public record Entry(long seq, String text) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>(); // oldest first
    private final List<Consumer<Entry>> subscribers = new ArrayList<>();
    private long lastSeq;

    /** A log that keeps the newest {@code capacity} messages. */
    public MessageLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a message, hands it to every subscriber, and returns its sequence number. */
    public synchronized long append(String text) {
        Entry entry = new Entry(++lastSeq, text);
        entries.addLast(entry);
        if (entries.size() > capacity) {
            entries.removeFirst();
        }
        for (Consumer<Entry> subscriber : List.copyOf(subscribers)) {
            subscriber.accept(entry);
        }
        return entry.seq();
    }

    /** The sequence number of the newest message, 0 before the first. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The messages after {@code lastSeq}, in order; empty if the log cannot resume from there. */
    public synchronized Optional<List<Entry>> resumeAfter(long lastSeq) {
        long oldestKept = entries.isEmpty() ? this.lastSeq + 1 : entries.peekFirst().seq();
        if (lastSeq < oldestKept - 1 || lastSeq > this.lastSeq) {
            // Some messages after lastSeq are gone (or the client knows numbers we never gave):
            // a partial replay would hide a hole, so refuse and let the client reload its state.
            return Optional.empty();
        }
        return Optional.of(entries.stream().filter(entry -> entry.seq() > lastSeq).toList());
    }

    /**
     * Hands {@code subscriber} the messages after {@code afterSeq}, then every new one, with no
     * gap and no duplicate. Returns false (and does not subscribe) if it cannot resume from there.
     */
    public synchronized boolean subscribe(long afterSeq, Consumer<Entry> subscriber) {
        Optional<List<Entry>> missed = resumeAfter(afterSeq);
        if (missed.isEmpty()) {
            return false;
        }
        missed.get().forEach(subscriber);
        subscribers.add(subscriber); // still under the lock: append() cannot run in between
        return true;
    }

    /** Stops delivering to {@code subscriber}. */
    public synchronized void unsubscribe(Consumer<Entry> subscriber) {
        subscribers.remove(subscriber);
    }
}
