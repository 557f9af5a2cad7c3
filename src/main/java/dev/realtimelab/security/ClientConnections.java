package dev.realtimelab.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Every TCP connection the server accepts, per client address. Two rules Jetty has no setting for:
 * <ul>
 * <li>one address may hold {@code maxPerAddress} connections; one more is closed at once, so a
 *     client opening thousands of idle connections cannot reach the server-wide backstop
 *     ({@code maxConnections}) and lock everyone else out;</li>
 * <li>a request line and its headers, once started, must be complete within {@code deadline}, and
 *     its body within another {@code deadline}. Jetty's idle timeout restarts with every byte, so a
 *     client trickling one header line or body byte every 20 s would otherwise keep its connection,
 *     a slot, and (for a body) a worker thread for ever.</li>
 * </ul>
 * Jetty's own minimum body data rate is not used: it measures from the moment the handler first
 * reads, so a 20-byte body read 20 ms late because the server was busy (a GC pause, a loaded
 * machine) counts as a slow client and gets 408.
 *
 * The deadline is checked by one sweep a second on Jetty's own scheduler.
 */
final class ClientConnections extends AbstractLifeCycle implements Connection.Listener {
    private static final class Tracked {
        final String address;
        long partSince;        // when this connection was first seen in the middle of a request's head or body, or 0
        boolean inBody;        // which of the two
        long messagesAtPart;   // requests it had started then

        Tracked(String address) {
            this.address = address;
        }
    }

    private final Server server;
    private final int maxPerAddress;
    private final long deadlineNanos;
    private final long sweepMillis;
    private final SecurityEvents events;
    private final AddressCounter counter = new AddressCounter();
    private final Map<EndPoint, Tracked> open = new ConcurrentHashMap<>();
    private volatile Scheduler.Task sweep;

    ClientConnections(Server server, int maxPerAddress, Duration deadline, SecurityEvents events) {
        this.server = server;
        this.maxPerAddress = maxPerAddress;
        this.deadlineNanos = deadline.toNanos();
        this.sweepMillis = Math.max(50, Math.min(1000, deadline.toMillis() / 4));
        this.events = events;
    }

    @Override
    protected void doStart() throws Exception {
        for (Connector connector : server.getConnectors()) {
            connector.addBean(this);
        }
        schedule();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void schedule() {
        if (isStarting() || isStarted()) {
            sweep = server.getScheduler().schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (open.containsKey(endPoint)) {
            return; // the same TCP connection, upgraded (TLS detected, or HTTP to WebSocket)
        }
        String address = addressOf(endPoint.getRemoteSocketAddress());
        if (!counter.tryAcquire(address, maxPerAddress)) {
            events.record(429, "-", address, "too many TCP connections from one address: at most " + maxPerAddress);
            endPoint.close();
            return;
        }
        open.put(endPoint, new Tracked(address));
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!endPoint.isOpen()) {
            forget(endPoint);
        }
    }

    private void forget(EndPoint endPoint) {
        Tracked tracked = open.remove(endPoint);
        if (tracked != null) {
            counter.release(tracked.address);
        }
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            open.forEach((endPoint, tracked) -> {
                if (!endPoint.isOpen()) {
                    forget(endPoint);
                } else if (endPoint.getConnection() instanceof HttpConnection http) {
                    checkRequest(endPoint, http, tracked, now);
                }
            });
        } finally {
            schedule();
        }
    }

    /**
     * Starts the clock when a connection is first seen in a request's head, or in its body, and
     * closes it when it is still in that part after the deadline. A part the parser has not
     * finished is either still arriving or not yet read by its handler; handlers here read the
     * body first thing, so only a slow client stays that long.
     */
    private void checkRequest(EndPoint endPoint, HttpConnection http, Tracked tracked, long now) {
        HttpParser parser = http.getParser();
        boolean inHead = !parser.isStart() && parser.inHeaderState();
        boolean inBody = parser.inContentState();
        if (!inHead && !inBody) {
            tracked.partSince = 0;
            return;
        }
        long messages = http.getMessagesIn();
        if (tracked.partSince == 0 || tracked.messagesAtPart != messages || tracked.inBody != inBody) {
            tracked.partSince = now;
            tracked.messagesAtPart = messages;
            tracked.inBody = inBody;
        } else if (now - tracked.partSince > deadlineNanos) {
            events.record(408, "-", tracked.address, "request " + (inBody ? "body" : "headers") + " not complete within "
                    + TimeUnit.NANOSECONDS.toMillis(deadlineNanos) + " ms");
            endPoint.close();
            forget(endPoint);
        }
    }

    private static String addressOf(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return ClientAddress.normalize(inet.getAddress().getHostAddress());
        }
        return String.valueOf(remote);
    }

    /** TCP connections open now from {@code address}. */
    int from(String address) {
        return counter.of(ClientAddress.normalize(address));
    }

    /** TCP connections open now, from every address. */
    int total() {
        return open.size();
    }
}
