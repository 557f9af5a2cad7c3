package dev.realtimelab.exercises.wsresume;

import java.util.function.Consumer;

/**
 * The client's half of resuming: passes each message to the application exactly once and in
 * order, drops duplicates, and notices gaps. See EXERCISE.md in this folder for the contract.
 */
public final class ResumingReceiver {
    /** What happened to one received message. */
    public enum Outcome { DELIVERED, DUPLICATE, GAP }

    private final Consumer<String> application;

    /** A receiver that has already seen everything up to {@code lastSeq} (0 for a new client). */
    public ResumingReceiver(long lastSeq, Consumer<String> application) {
        this.application = application;
    }

    /** Takes one message from the connection and decides what to do with it. */
    public Outcome receive(long seq, String text) {
        throw new UnsupportedOperationException("TODO: deliver the next message, drop old ones, report a gap");
    }

    /** The sequence number of the last message delivered: what to resume after on reconnect. */
    public long lastSeq() {
        throw new UnsupportedOperationException("TODO: return the last delivered sequence number");
    }

    /** The application reloaded the full state as of {@code seq}: continue from there. */
    public void reset(long seq) {
        throw new UnsupportedOperationException("TODO: continue after seq");
    }
}
