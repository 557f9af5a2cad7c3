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
 */
final class RecordingRelay implements AutoCloseable {
    static final int MAX_CONNECTIONS = 8;
    static final long MAX_RECORDED_BYTES = 4L << 20;
    static final int IDLE_TIMEOUT_MILLIS = 20_000;

    private final ServerSocket server;
    private final int targetPort;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicLong recorded = new AtomicLong();
    private volatile boolean closed;

    /** The bytes one connection carried in one direction, in order. */
    static final class Recording {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        synchronized void add(byte[] buffer, int length) {
            bytes.write(buffer, 0, length);
        }

        synchronized int size() {
            return bytes.size();
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
    }

    RecordingRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
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
                pump(connection, client, app, connection.up, "up");
                pump(connection, app, client, connection.down, "down");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from} to {@code to}, recording each read before it is passed on. */
    private void pump(Connection connection, Socket from, Socket to, Recording recording, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (recorded.addAndGet(n) > MAX_RECORDED_BYTES) {
                        break; // enough for any experiment: stop rather than grow
                    }
                    recording.add(buffer, n);
                    out.write(buffer, 0, n);
                    out.flush();
                }
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
