package dev.realtimelab.exercises.wsheartbeat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Finds WebSocket peers that have silently died: pings every connection once per interval and
 * drops the ones that stop answering.
 *
 * <p>A peer whose machine lost power or whose Wi-Fi dropped sends nothing, not even a close
 * frame, and TCP may take many minutes to notice. Only asking (a ping) and waiting for the
 * answer (a pong) finds it. The methods are synchronized: the scheduler calls {@link #tick()}
 * while I/O threads report pongs and closes.
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

    /** Close code 1001: the endpoint is going away (RFC 6455, section 7.4.1). */
    private static final int GOING_AWAY = 1001;

    /** What the monitor knows about one connection. */
    private static final class Watch {
        long lastPingAt;   // or when it was added, before the first ping
        int unanswered;    // pings sent since the last pong
    }

    private final long intervalMillis;
    private final int maxMissed;
    private final LongSupplier clockMillis;
    // By identity: two connections are never "equal", even if a class says they are.
    private final Map<Connection, Watch> watched = new IdentityHashMap<>();

    /**
     * @param interval    how often each connection is pinged
     * @param maxMissed   how many pings in a row may go unanswered before the peer is dropped
     * @param clockMillis the current time in milliseconds (a fake clock in tests)
     */
    public HeartbeatMonitor(Duration interval, int maxMissed, LongSupplier clockMillis) {
        if (interval.isNegative() || interval.isZero() || maxMissed < 1) {
            throw new IllegalArgumentException("the interval must be positive and maxMissed at least 1");
        }
        this.intervalMillis = interval.toMillis();
        this.maxMissed = maxMissed;
        this.clockMillis = clockMillis;
    }

    /** Starts watching a connection; its first ping is due one interval from now. */
    public synchronized void add(Connection connection) {
        watched.computeIfAbsent(connection, c -> {
            Watch watch = new Watch();
            watch.lastPingAt = clockMillis.getAsLong();
            return watch;
        });
    }

    /** Stops watching a connection (it closed). */
    public synchronized void remove(Connection connection) {
        watched.remove(connection);
    }

    /** The peer answered: it is alive. */
    public synchronized void pongReceived(Connection connection) {
        Watch watch = watched.get(connection);
        if (watch != null) {
            watch.unanswered = 0;
        }
    }

    /** Called often by a scheduler: pings the connections that are due, drops the dead ones. */
    public synchronized void tick() {
        long now = clockMillis.getAsLong();
        List<Connection> dead = new ArrayList<>();
        for (Map.Entry<Connection, Watch> entry : watched.entrySet()) {
            Watch watch = entry.getValue();
            if (now - watch.lastPingAt < intervalMillis) {
                continue; // not due yet
            }
            if (watch.unanswered >= maxMissed) {
                dead.add(entry.getKey()); // the last ping had a whole interval to be answered
                continue;
            }
            try {
                // The send time as payload: a pong echoes it, which would give the round-trip time.
                entry.getKey().ping(ByteBuffer.allocate(Long.BYTES).putLong(now).array());
                watch.unanswered++;
                // From now, not from the planned time: a late tick (a laptop waking up) sends one
                // ping, not a burst to catch up.
                watch.lastPingAt = now;
            } catch (RuntimeException sendFailed) {
                dead.add(entry.getKey()); // a ping that cannot even be sent: the connection is gone
            }
        }
        for (Connection connection : dead) {
            watched.remove(connection);
            try {
                // No close frame: a dead peer would never answer it, and the frame could sit in a
                // full send buffer. Jetty then reports the close as 1006 (abnormal), which is the
                // truth, and 1006 is never sent on the wire.
                connection.terminate();
            } catch (RuntimeException ignored) {
                // already gone: nothing more to do
            }
        }
    }

    /** The server is going down: closes every connection politely and forgets them all. */
    public synchronized void shutdown() {
        for (Connection connection : watched.keySet()) {
            try {
                connection.close(GOING_AWAY, "server shutting down"); // live peers may reconnect elsewhere
            } catch (RuntimeException ignored) {
                // a connection that cannot be closed politely is going away anyway
            }
        }
        watched.clear();
    }

    /** How many connections are being watched. */
    public synchronized int size() {
        return watched.size();
    }
}
