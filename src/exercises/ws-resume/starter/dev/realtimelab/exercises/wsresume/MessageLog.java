package dev.realtimelab.exercises.wsresume;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's half of resuming a WebSocket stream: every message gets a sequence number and
 * stays in a bounded log, so a client that reconnects can ask for what it missed.
 * See EXERCISE.md in this folder for the exact contract.
 */
public final class MessageLog {
    /** One message with its sequence number (1, 2, 3, ...). */
    public record Entry(long seq, String text) {
    }

    private final int capacity;

    /** A log that keeps the newest {@code capacity} messages. */
    public MessageLog(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a message, hands it to every subscriber, and returns its sequence number. */
    public long append(String text) {
        throw new UnsupportedOperationException("TODO: number the message, keep it, deliver it to the subscribers");
    }

    /** The sequence number of the newest message, 0 before the first. */
    public long lastSeq() {
        throw new UnsupportedOperationException("TODO: return the newest sequence number");
    }

    /** The messages after {@code lastSeq}, in order; empty if the log cannot resume from there. */
    public Optional<List<Entry>> resumeAfter(long lastSeq) {
        throw new UnsupportedOperationException("TODO: the entries after lastSeq, or empty if some are gone");
    }

    /**
     * Hands {@code subscriber} the messages after {@code afterSeq}, then every new one, with no
     * gap and no duplicate. Returns false (and does not subscribe) if it cannot resume from there.
     */
    public boolean subscribe(long afterSeq, Consumer<Entry> subscriber) {
        throw new UnsupportedOperationException("TODO: replay and start the live delivery as one step");
    }

    /** Stops delivering to {@code subscriber}. */
    public void unsubscribe(Consumer<Entry> subscriber) {
        throw new UnsupportedOperationException("TODO: forget the subscriber");
    }
}
