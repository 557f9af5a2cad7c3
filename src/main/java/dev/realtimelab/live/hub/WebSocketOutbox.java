package dev.realtimelab.live.hub;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The sending side of one WebSocket: at most one message in flight (Jetty's async
 * {@code sendText} with a callback), the rest in a bounded queue behind it. Nothing here ever
 * waits for the network. A client whose queue fills up is closed with 1008 and the number of
 * messages it was behind; if it does not even read the close frame, the connection is cut.
 */
public final class WebSocketOutbox {
    /** Policy violation: the RFC 6455 code for "you broke the rules", here "you did not read". */
    public static final int TOO_SLOW = 1008;
    static final long CUT_AFTER_MILLIS = 2000;

    private final Session session;
    private final int capacity;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean pumping;
    private boolean closed;

    public WebSocketOutbox(Session session, int capacity, ScheduledExecutorService timer) {
        this.session = session;
        this.capacity = capacity;
        this.timer = timer;
    }

    // region offer
    /** Queues one text message. False when closed, or when this very message overflowed the queue. */
    public boolean offer(String text) {
        int behind;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() < capacity) {
                queue.addLast(text);
                behind = -1;
            } else {
                behind = queue.size();
                closed = true;
                queue.clear();
            }
        }
        if (behind >= 0) {
            close(TOO_SLOW, "too slow: " + behind + " messages behind");
            return false;
        }
        pump();
        return true;
    }
    // endregion

    // region pump
    /**
     * Starts the next send when none is in flight. Jetty may complete a send, and so call us
     * back, before {@code sendText} even returns; the {@code pumping} flag turns that recursion
     * into this loop, so a long queue cannot grow the stack.
     */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            String next;
            synchronized (this) {
                if (closed || inFlight || queue.isEmpty()) {
                    pumping = false;
                    return;
                }
                next = queue.pollFirst();
                inFlight = true;
            }
            session.sendText(next, Callback.from(this::sent, this::failed));
        }
    }

    private void sent() {
        synchronized (this) {
            inFlight = false;
        }
        pump();
    }
    // endregion

    private void failed(Throwable error) {
        synchronized (this) {
            inFlight = false;
            closed = true;
            queue.clear();
        }
        // Jetty reports the closed session to the endpoint's onClose/onError, which leaves the room.
    }

    /**
     * Closes the WebSocket with {@code code} and {@code reason}. The close frame waits behind the
     * message in flight; a client that reads nothing never gets it, so after a grace period the
     * TCP connection is cut without one.
     */
    public void close(int code, String reason) {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        session.close(code, reason, Callback.NOOP);
        timer.schedule(() -> {
            if (session.isOpen()) {
                session.disconnect();
            }
        }, CUT_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Messages waiting, plus the one in flight: how far behind this client is. */
    public synchronized int backlog() {
        return queue.size() + (inFlight ? 1 : 0);
    }

    public synchronized boolean isOpen() {
        return !closed;
    }
}
