package dev.realtimelab.live.compare;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay that records every byte each way: it listens on 127.0.0.1 and a free
 * port, and passes each connection on to the app's own port on 127.0.0.1. Bounded in
 * connections, recorded bytes and idle time; whoever starts it closes it when done.
 *
 * <p>With a {@link Buffering} it also plays a proxy that buffers responses, as nginx does by
 * default: the response head goes on at once, the body waits until the buffer holds
 * {@code bytes} or the app ends the response.
 */
final class RecordingRelay implements AutoCloseable {
    static final int MAX_CONNECTIONS = 8;
    static final long MAX_RECORDED_BYTES = 4L << 20;
    static final int IDLE_TIMEOUT_MILLIS = 20_000;

    private final ServerSocket server;
    private final int targetPort;
    private final Buffering buffering;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong recorded = new AtomicLong();
    private volatile boolean closed;

    /**
     * How the relay passes a response on: at once ({@link #NONE}), or held until {@code bytes}
     * have gathered; a proxy that {@code honoursAccelBuffering} passes on at once a response whose
     * head says {@code X-Accel-Buffering: no}, as nginx does.
     */
    record Buffering(int bytes, boolean honoursAccelBuffering) {
        static final Buffering NONE = new Buffering(0, false);
        static final int MAX_BYTES = 64 * 1024;

        Buffering {
            if (bytes < 0 || bytes > MAX_BYTES) {
                throw new IllegalArgumentException("a buffer of 0 to " + MAX_BYTES + " bytes: " + bytes);
            }
        }
    }

    /** The bytes one connection carried in one direction, in order. */
    static final class Recording {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void add(byte[] buffer, int length) {
            bytes.write(buffer, 0, length);
        }

        synchronized int size() {
            return bytes.size();
        }

        /** The end of the HTTP head (after its blank line), or -1 while it is incomplete. */
        synchronized int headEnd() {
            byte[] all = bytes.toByteArray();
            for (int i = 0; i + 3 < all.length; i++) {
                if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                    return i + 4;
                }
            }
            return -1;
        }

        /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
        synchronized byte[] slice(int from, int to) {
            return Arrays.copyOfRange(bytes.toByteArray(), from, to);
        }
    }

    /** One relayed connection: {@code up} is client to app, {@code down} app to client. */
    static final class Connection {
        final int id;
        final Recording up = new Recording();
        final Recording down = new Recording();
        private final Socket client;
        private final Socket app;

        Connection(int id, Socket client, Socket app) {
            this.id = id;
            this.client = client;
            this.app = app;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(app);
        }

        /** Ends what the app sends, as if it had finished its response: a buffering relay passes on what it held. */
        void endResponse() {
            try {
                app.shutdownInput();
            } catch (IOException e) {
                close();
            }
        }
    }

    RecordingRelay(int targetPort) throws IOException {
        this(targetPort, Buffering.NONE);
    }

    RecordingRelay(int targetPort, Buffering buffering) throws IOException {
        this.targetPort = targetPort;
        this.buffering = buffering;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CONNECTIONS);
        Thread acceptor = new Thread(this::acceptLoop, "wire-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The connections so far, in the order they were accepted. */
    List<Connection> connections() {
        return List.copyOf(connections);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (connections.size() >= MAX_CONNECTIONS || !client.getInetAddress().isLoopbackAddress()) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket app = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                app.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                app.setTcpNoDelay(true);
                Connection connection = new Connection(connections.size() + 1, client, app);
                connections.add(connection);
                pump(connection, client, app, connection.up, "up", Buffering.NONE);
                pump(connection, app, client, connection.down, "down", buffering);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /**
     * Copies {@code from} to {@code to}, recording each read before it is passed on, or held by
     * {@code buffering}: the head at once, then the body in runs of {@code buffering.bytes()}.
     */
    private void pump(Connection connection, Socket from, Socket to, Recording recording, String direction,
                      Buffering buffering) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            ByteArrayOutputStream held = new ByteArrayOutputStream();
            boolean holding = buffering.bytes() > 0;
            int passed = 0; // bytes of the recording passed on so far
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (recorded.addAndGet(n) > MAX_RECORDED_BYTES) {
                        break; // enough for any experiment: stop rather than grow
                    }
                    recording.add(buffer, n);
                    if (!holding) {
                        out.write(buffer, 0, n);
                        out.flush();
                        continue;
                    }
                    int headEnd = recording.headEnd();
                    if (headEnd < 0) {
                        continue; // the head is not complete yet
                    }
                    if (passed < headEnd) {
                        out.write(recording.slice(passed, headEnd));
                        passed = headEnd;
                        String head = new String(recording.slice(0, headEnd), java.nio.charset.StandardCharsets.ISO_8859_1);
                        holding = !(buffering.honoursAccelBuffering() && saysNoBuffering(head));
                    }
                    held.write(recording.slice(passed, recording.size()));
                    passed = recording.size();
                    if (!holding || held.size() >= buffering.bytes()) {
                        held.writeTo(out);
                        held.reset();
                    }
                    out.flush();
                }
                held.writeTo(out); // the response ended: a buffering proxy sends what it held
                out.flush();
                to.shutdownOutput();
            } catch (IOException e) {
                // idle timeout, reset or closed relay: end this connection
            }
            if (recorded.get() > MAX_RECORDED_BYTES || from.isClosed() || to.isClosed()) {
                connection.close();
            }
        }, "wire-relay-" + connection.id + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    /** True when a response head carries {@code X-Accel-Buffering: no} (header names are case-insensitive). */
    static boolean saysNoBuffering(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("X-Accel-Buffering")
                    && line.substring(colon + 1).strip().equalsIgnoreCase("no")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        connections.forEach(Connection::close);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
