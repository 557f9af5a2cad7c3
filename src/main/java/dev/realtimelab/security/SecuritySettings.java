package dev.realtimelab.security;

import dev.realtimelab.shared.Limits;
import java.time.Duration;

/**
 * The knobs of the app's protections. The defaults suit one learner on a laptop and a workshop
 * room; tests and benchmarks start the app with other values through the {@code with...} methods.
 *
 * @param tls                   serve HTTPS and {@code wss://} too, with a generated self-signed certificate
 * @param labPort               port of the attack lab's second origin: {@link #LAB_PORT_NEXT} for the
 *                              app's port + 1 (a random one when the app's is random), 0 for random
 * @param maxSockets            WebSockets open at once, in all; more are refused with 503
 * @param maxSocketsPerAddress  WebSockets open at once from one IP address; more are refused with 429
 * @param messagesPerSecond     messages a WebSocket may send per second, sustained; more close it with 1013
 * @param messageBurst          messages a WebSocket may send at once before the rate applies
 * @param maxRequestBytes       largest HTTP request body; larger ones get 413
 * @param maxConnections        TCP connections open at once, of any kind (pages, event streams, sockets);
 *                              past it the server stops accepting until one closes
 * @param perAddress            what one client address may hold at once, so that it cannot fill the limits
 *                              everyone shares
 * @param requestDeadline       time a client has to send a request's line and headers once it has started,
 *                              and then again to send its body
 * @param workerThreads         the most threads that run requests at once; idle ones beyond 8 end after 10 s
 */
public record SecuritySettings(boolean tls, int labPort, int maxSockets, int maxSocketsPerAddress,
                               int messagesPerSecond, int messageBurst, long maxRequestBytes, int maxConnections,
                               PerAddress perAddress, Duration requestDeadline, int workerThreads) {
    public static final int LAB_PORT_NEXT = -1;

    /**
     * Per client address: TCP connections (of any kind), HTTP requests in progress (event streams
     * are requests that last), requests sending a body, and rooms it is in (the server holds 1,000).
     * Over a cap the client gets 429 (or, for a TCP connection, is closed at once).
     */
    public record PerAddress(int connections, int requests, int uploads, int rooms) {
        public PerAddress {
            if (connections < 1 || requests < 1 || uploads < 1 || rooms < 1) {
                throw new IllegalArgumentException("per-address limits must be positive");
            }
        }
    }

    public SecuritySettings {
        if (maxSockets < 1 || maxSocketsPerAddress < 1 || messagesPerSecond < 1 || messageBurst < 1 || maxRequestBytes < 1
                || maxConnections < 1 || workerThreads < 16) {
            throw new IllegalArgumentException("limits must be positive (and workerThreads at least 16)");
        }
        if (requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalArgumentException("requestDeadline must be positive");
        }
        if (labPort < LAB_PORT_NEXT || labPort > 65535) {
            throw new IllegalArgumentException("labPort must be -1 (next port), 0 (random) or a port number");
        }
    }

    // region defaults
    public static SecuritySettings defaults() {
        return new SecuritySettings(
                false,            // tls: off unless --tls
                LAB_PORT_NEXT,    // the attack lab's origin: the course's port + 1
                2048,             // WebSockets open at once, in all
                256,              // ... and from one address
                100,              // messages per second per socket, sustained
                200,              // ... with bursts up to this many
                Limits.MAX_MESSAGE_BYTES, // largest HTTP request body: 64 KiB, like a WebSocket message
                4096,             // TCP connections of any kind: a backstop for event streams too
                new PerAddress(
                        512,      // TCP connections from one address: its sockets and requests, with room to spare
                        256,      // HTTP requests in progress from one address, event streams included
                        16,       // ... of which sending a body (each holds a worker thread while it arrives)
                        64),      // rooms one address is in at once: 1,000 fit on the server
                Duration.ofSeconds(10), // to send a request's line and headers once started, then its body
                200);             // worker threads at most
    }
    // endregion

    public SecuritySettings withTls(boolean on) {
        return new SecuritySettings(on, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, maxConnections, perAddress, requestDeadline, workerThreads);
    }

    public SecuritySettings withLabPort(int port) {
        return new SecuritySettings(tls, port, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, maxConnections, perAddress, requestDeadline, workerThreads);
    }

    public SecuritySettings withSocketCaps(int total, int perAddress) {
        return new SecuritySettings(tls, labPort, total, perAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, maxConnections, this.perAddress, requestDeadline, workerThreads);
    }

    public SecuritySettings withMaxConnections(int connections) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, connections, perAddress, requestDeadline, workerThreads);
    }

    public SecuritySettings withMessageRate(int perSecond, int burst) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, perSecond, burst,
                maxRequestBytes, maxConnections, perAddress, requestDeadline, workerThreads);
    }

    /** {@code --message-rate N}: N messages a second per socket, in bursts of up to 2N. */
    public SecuritySettings withMessageRate(int perSecond) {
        return withMessageRate(perSecond, perSecond > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : perSecond * 2);
    }

    public SecuritySettings withPerAddress(PerAddress caps) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, maxConnections, caps, requestDeadline, workerThreads);
    }

    public SecuritySettings withRequestDeadline(Duration deadline) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst,
                maxRequestBytes, maxConnections, perAddress, deadline, workerThreads);
    }
}
