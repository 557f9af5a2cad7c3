package dev.realtimelab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a port of this machine that a test can make go silent: the connections
 * open at that moment stay open, but from then on what either side sends is swallowed, as a
 * Wi-Fi that drops everything without a reset would. Connections made afterwards pass again.
 */
public final class SilenceableRelay implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    private SilenceableRelay(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    public static SilenceableRelay to(int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            SilenceableRelay relay = new SilenceableRelay(server, targetPort);
            daemon("relay-accept", relay::accept);
            return relay;
        } catch (IOException e) {
            throw new IllegalStateException("no loopback port for a relay", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Swallows, from now on, everything sent on the connections open now; they are not closed. */
    public void silenceOpenConnections() {
        links.forEach(link -> link.silent = true);
    }

    /** How many connections the relay has passed on so far. */
    public int connections() {
        return links.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                Link link = new Link(client, target);
                links.add(link);
                daemon("relay-up", () -> link.pump(client, target));
                daemon("relay-down", () -> link.pump(target, client));
            } catch (IOException e) {
                // closed, or the target refused this one: the client sees its connection end
            }
        }
    }

    private static final class Link {
        final Socket client;
        final Socket target;
        volatile boolean silent;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** Copies {@code from} to {@code to} until either ends; once silent, reads on and drops it. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!silent) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException ended) {
                // one side went: the other goes too, unless the line is silent (then nothing reaches it)
            }
            if (!silent) {
                close();
            }
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                target.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        links.forEach(Link::close);
    }
}
