package dev.realtimelab.security;

import dev.realtimelab.shared.Limits;

/**
 * The knobs of the app's protections. The defaults suit one learner on a laptop and a workshop
 * room; tests and benchmarks start the app with other values through the {@code with...} methods.
 *
 * @param tls                   serve HTTPS and {@code wss://} too, with a generated self-signed certificate
 * @param labPort               port of the attack lab's second origin: {@link #LAB_PORT_NEXT} for the
 *                              app's port + 1 (a random one when the app's is random), 0 for random
 * @param maxSockets            WebSockets open at once, in all; more are refused with 503
 * @param maxSocketsPerAddress  WebSockets open at once from one IP address; more are refused with 429
 * @param messagesPerSecond     messages a WebSocket may send per second, sustained; more close it with 1008
 * @param messageBurst          messages a WebSocket may send at once before the rate applies
 * @param maxRequestBytes       largest HTTP request body; larger ones get 413
 * @param maxConnections        TCP connections open at once, of any kind (pages, event streams, sockets);
 *                              past it the server stops accepting until one closes
 */
public record SecuritySettings(boolean tls, int labPort, int maxSockets, int maxSocketsPerAddress,
                               int messagesPerSecond, int messageBurst, long maxRequestBytes, int maxConnections) {
    public static final int LAB_PORT_NEXT = -1;

    public SecuritySettings {
        if (maxSockets < 1 || maxSocketsPerAddress < 1 || messagesPerSecond < 1 || messageBurst < 1 || maxRequestBytes < 1
                || maxConnections < 1) {
            throw new IllegalArgumentException("limits must be positive");
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
                4096);            // TCP connections of any kind: a backstop for event streams too
    }
    // endregion

    public SecuritySettings withTls(boolean on) {
        return new SecuritySettings(on, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst, maxRequestBytes, maxConnections);
    }

    public SecuritySettings withLabPort(int port) {
        return new SecuritySettings(tls, port, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst, maxRequestBytes, maxConnections);
    }

    public SecuritySettings withSocketCaps(int total, int perAddress) {
        return new SecuritySettings(tls, labPort, total, perAddress, messagesPerSecond, messageBurst, maxRequestBytes, maxConnections);
    }

    public SecuritySettings withMaxConnections(int connections) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, messagesPerSecond, messageBurst, maxRequestBytes, connections);
    }

    public SecuritySettings withMessageRate(int perSecond, int burst) {
        return new SecuritySettings(tls, labPort, maxSockets, maxSocketsPerAddress, perSecond, burst, maxRequestBytes, maxConnections);
    }
}
