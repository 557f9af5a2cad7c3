package dev.realtimelab.live.compare;

import dev.realtimelab.live.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an idle connection costs the server: the app opens {@code n} WebSockets to a room of its
 * own, then {@code n} event streams to another, over loopback, and compares its heap after a
 * full garbage collection before and after each batch. Every connection is a room member, as a
 * chat client's would be, and sends nothing after its handshake.
 *
 * <p>The clients are plain sockets that send the handshake or the request by hand and then only
 * hold the connection: a client with a library would put its own costs in the same heap. What
 * remains of the client's end in the figure is one {@code java.net.Socket}, well under a KiB.
 */
final class IdleCostExperiment {
    static final int MAX_CONNECTIONS = 200;
    static final int WARM_UP = 2;
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

    private final int appPort;
    private final Hub hub;

    IdleCostExperiment(int appPort, Hub hub) {
        this.appPort = appPort;
        this.hub = hub;
    }

    Map<String, Object> run(int n) throws IOException, InterruptedException {
        if (n < 1 || n > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("n is 1 to " + MAX_CONNECTIONS);
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        String wsRoom = "idle-ws-" + suffix;
        String sseRoom = "idle-sse-" + suffix;
        List<Socket> open = new ArrayList<>();
        try {
            // The first connection of each kind loads classes and fills pools once: not a per-connection cost.
            List<Socket> warmUp = new ArrayList<>();
            for (int i = 0; i < WARM_UP; i++) {
                warmUp.add(webSocket(wsRoom));
                warmUp.add(eventStream(sseRoom));
            }
            closeAll(warmUp, sseRoom);
            awaitMembers(wsRoom, 0);
            awaitMembers(sseRoom, 0);

            long before = heapAfterGc();
            for (int i = 0; i < n; i++) {
                open.add(webSocket(wsRoom));
            }
            awaitMembers(wsRoom, n);
            long withSockets = heapAfterGc();
            for (int i = 0; i < n; i++) {
                open.add(eventStream(sseRoom));
            }
            awaitMembers(sseRoom, n);
            long withStreams = heapAfterGc();

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("n", n);
            result.put("heapBefore", before);
            result.put("heapWithWebSockets", withSockets);
            result.put("heapWithEventStreams", withStreams);
            result.put("webSocketBytes", (withSockets - before) / n);
            result.put("eventStreamBytes", (withStreams - withSockets) / n);
            result.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
            return result;
        } finally {
            closeAll(open, sseRoom);
        }
    }

    /**
     * Closes the client ends. A WebSocket member leaves at once: Jetty reads its socket and sees
     * the connection end. An event stream's server only writes: see
     * {@link CompareExperiments#noticeClosedStreams}.
     */
    private void closeAll(List<Socket> sockets, String sseRoom) throws InterruptedException {
        sockets.forEach(IdleCostExperiment::closeQuietly);
        CompareExperiments.noticeClosedStreams(hub, sseRoom);
    }

    /** The heap in use after a full collection (asked for twice: one run may leave garbage a second finds). */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void awaitMembers(String room, int members) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (hub.members(room) != members) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the room " + room + " has " + hub.members(room) + " members, not " + members);
            }
            Thread.sleep(10);
        }
    }

    /** A WebSocket handshake by hand (RFC 6455 section 4.1), then nothing. No Origin: a program, as on any public endpoint. */
    private Socket webSocket(String room) throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return open("GET /ws/room/" + room + "?presence=off HTTP/1.1\r\nHost: 127.0.0.1:" + appPort
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n", "HTTP/1.1 101");
    }

    /** An event-stream request by hand, then nothing: the response stays open, unread. */
    private Socket eventStream(String room) throws IOException {
        return open("GET /sse/room/" + room + "?presence=off HTTP/1.1\r\nHost: 127.0.0.1:" + appPort
                + "\r\nAccept: text/event-stream\r\n\r\n", "HTTP/1.1 200");
    }

    private Socket open(String request, String expectedStatus) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), appPort);
        try {
            socket.setSoTimeout((int) STEP_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(socket.getInputStream());
            if (!head.startsWith(expectedStatus)) {
                throw new IOException("expected " + expectedStatus + ", got " + head.lines().findFirst().orElse("nothing"));
            }
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The response head, up to its blank line, a byte at a time so nothing after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 8192 && (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n"))) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
