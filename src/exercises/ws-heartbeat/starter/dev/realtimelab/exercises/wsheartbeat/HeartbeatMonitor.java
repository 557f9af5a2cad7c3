package dev.realtimelab.exercises.wsheartbeat;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Finds WebSocket peers that have silently died: pings every connection once per interval and
 * drops the ones that stop answering. See EXERCISE.md in this folder for the exact contract.
 */
public final class HeartbeatMonitor {
    /** What the monitor needs from one WebSocket connection. */
    public interface Connection {
        /** Sends a ping frame with this payload (at most 125 bytes). */
        void ping(byte[] payload);

        /** Starts a polite close: sends a close frame with this code and reason. */
        void close(int code, String reason);

        /** Drops the TCP connection at once, without a closing handshake. */
        void terminate();
    }

    private final Duration interval;
    private final int maxMissed;
    private final LongSupplier clockMillis;

    /**
     * @param interval    how often each connection is pinged
     * @param maxMissed   how many pings in a row may go unanswered before the peer is dropped
     * @param clockMillis the current time in milliseconds (a fake clock in tests)
     */
    public HeartbeatMonitor(Duration interval, int maxMissed, LongSupplier clockMillis) {
        this.interval = interval;
        this.maxMissed = maxMissed;
        this.clockMillis = clockMillis;
    }

    /** Starts watching a connection; its first ping is due one interval from now. */
    public void add(Connection connection) {
        throw new UnsupportedOperationException("TODO: remember the connection and when it was added");
    }

    /** Stops watching a connection (it closed). */
    public void remove(Connection connection) {
        throw new UnsupportedOperationException("TODO: forget the connection");
    }

    /** The peer answered: it is alive. */
    public void pongReceived(Connection connection) {
        throw new UnsupportedOperationException("TODO: reset the connection's count of unanswered pings");
    }

    /** Called often by a scheduler: pings the connections that are due, drops the dead ones. */
    public void tick() {
        throw new UnsupportedOperationException("TODO: for each due connection, ping it or drop it");
    }

    /** The server is going down: closes every connection politely and forgets them all. */
    public void shutdown() {
        throw new UnsupportedOperationException("TODO: close every connection with the right code");
    }

    /** How many connections are being watched. */
    public int size() {
        throw new UnsupportedOperationException("TODO: count the connections");
    }
}
