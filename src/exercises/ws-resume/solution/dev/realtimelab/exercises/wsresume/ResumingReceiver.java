package dev.realtimelab.exercises.wsresume;

import java.util.function.Consumer;

/**
 * The client's half of resuming: passes each message to the application exactly once and in
 * order, drops duplicates, and notices gaps.
 *
 * <p>Sequence numbers make delivery idempotent: whatever the server or the network repeats
 * (a replay that overlaps what arrived before the disconnect, a retried send), the application
 * sees each message once.
 */
public final class ResumingReceiver {
    /** What happened to one received message. */
    public enum Outcome { DELIVERED, DUPLICATE, GAP }

    private final Consumer<String> application;
    private long lastSeq;

    /** A receiver that has already seen everything up to {@code lastSeq} (0 for a new client). */
    public ResumingReceiver(long lastSeq, Consumer<String> application) {
        this.lastSeq = lastSeq;
        this.application = application;
    }

    /** Takes one message from the connection and decides what to do with it. */
    public synchronized Outcome receive(long seq, String text) {
        if (seq <= lastSeq) {
            return Outcome.DUPLICATE; // seen already: drop it
        }
        if (seq > lastSeq + 1) {
            // Something between was lost. Delivering this one would hide the hole; keep lastSeq
            // where it is so the caller can reconnect and resume after it.
            return Outcome.GAP;
        }
        lastSeq = seq;
        application.accept(text);
        return Outcome.DELIVERED;
    }

    /** The sequence number of the last message delivered: what to resume after on reconnect. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The application reloaded the full state as of {@code seq}: continue from there. */
    public synchronized void reset(long seq) {
        lastSeq = seq;
    }
}
