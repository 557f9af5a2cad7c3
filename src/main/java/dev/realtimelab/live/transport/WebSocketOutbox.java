package dev.realtimelab.live.transport;

import dev.realtimelab.live.hub.Ticker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingFrames;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.eclipse.jetty.websocket.core.WebSocketCoreSession;

/**
 * The sending side of one WebSocket: a bounded queue, and a writer thread (see {@link Flusher})
 * that sends what waits in it as one batch of frames in one write, with at most one batch in
 * flight. Nothing here ever waits for the network. A client whose queue fills up is closed with
 * 1013 and the number of messages it was behind; if it does not even read the close frame, the
 * connection is cut.
 */
public final class WebSocketOutbox {
    /** "Try again later": the client did nothing wrong, it could not keep up; it may reconnect and resume. */
    public static final int TOO_SLOW = 1013;
    static final Duration CUT_AFTER = Duration.ofSeconds(2);
    /** The most messages one write carries. */
    static final int MAX_BATCH = 64;

    private final CoreSession session;
    /** Where the frames go: see {@link #framesOf}. */
    private final OutgoingFrames frames;
    private final int capacity;
    private final Ticker ticker;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final Flusher flusher = new Flusher(this::flush);
    /** Only marks and hands on, so Jetty may run it on the thread that saw the write complete. */
    private final Callback written = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::sent, this::failed);
    /** Messages written but not yet confirmed by Jetty. */
    private int inFlight;
    private boolean closed;
    private boolean cutOff;

    /**
     * Jetty's API session sends one frame per write; its core session, underneath, can hold
     * frames back and write them together, which is what a busy server needs.
     */
    public static WebSocketOutbox of(Session session, int capacity, Ticker ticker) {
        return new WebSocketOutbox(((WebSocketSession) session).getCoreSession(), capacity, ticker);
    }

    public WebSocketOutbox(CoreSession session, int capacity, Ticker ticker) {
        this.session = session;
        this.frames = framesOf(session);
        this.capacity = capacity;
        this.ticker = ticker;
    }

    /**
     * The connection's own frame writer when no extension was negotiated (the app accepts none,
     * see ServerLimits): a frame then passes through nothing on its way but the session's
     * bookkeeping, and that is a second queue, lock and set of wrappers for every frame of a
     * fan-out. The connection's writer still refuses frames once a close frame has gone out,
     * and puts pings and pongs before the waiting frames. Anything else keeps the session's path.
     */
    private static OutgoingFrames framesOf(CoreSession session) {
        if (session instanceof WebSocketCoreSession core && core.getConnection() != null
                && core.getExtensionStack().getExtensions().isEmpty()) {
            WebSocketConnection connection = core.getConnection();
            return connection::enqueueFrame;
        }
        return session;
    }

    // region offer
    /** Queues one text message. False when closed, or when this very message overflowed the queue. */
    public boolean offer(String text) {
        return offer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Queues one text message already in UTF-8 (see {@code FeedEvent.jsonUtf8}): a room's members
     * share one encoding. The buffer is this socket's to send: it is read to its end.
     */
    public boolean offer(ByteBuffer utf8Text) {
        int behind;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() < capacity) {
                queue.addLast(utf8Text);
                behind = -1;
            } else {
                behind = queue.size();
                closed = true;
                cutOff = true;
                queue.clear();
            }
        }
        if (behind >= 0) {
            close(TOO_SLOW, "too slow: " + behind + " messages behind");
            return false;
        }
        flusher.drainNow();
        return true;
    }
    // endregion

    // region flush
    /**
     * Sends everything queued (up to {@link #MAX_BATCH}) unless a batch is still in flight:
     * every frame but the last waits in Jetty's batch buffer, and the last writes them all.
     */
    private void flush() {
        ByteBuffer[] batch;
        synchronized (this) {
            if (closed || inFlight > 0 || queue.isEmpty()) {
                return;
            }
            batch = new ByteBuffer[Math.min(queue.size(), MAX_BATCH)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = queue.pollFirst();
            }
            inFlight = batch.length;
        }
        try {
            for (int i = 0; i < batch.length - 1; i++) {
                frames.sendFrame(new Frame(OpCode.TEXT, batch[i]), Callback.NOOP, true);
            }
            frames.sendFrame(new Frame(OpCode.TEXT, batch[batch.length - 1]), written, false);
        } catch (RuntimeException e) {
            // Jetty reports trouble through the callback; anything else leaves the stream of
            // frames in an unknown state, so the connection goes.
            failed(e);
            session.abort();
        }
    }

    private void sent() {
        boolean more;
        synchronized (this) {
            inFlight = 0;
            more = !queue.isEmpty();
        }
        if (more) {
            flusher.request();
        }
    }
    // endregion

    private void failed(Throwable error) {
        synchronized (this) {
            inFlight = 0;
            closed = true;
            queue.clear();
        }
        // Jetty reports the closed session to the endpoint's onClose/onError, which leaves the room.
    }

    /**
     * Closes the WebSocket with {@code code} and {@code reason}. The close frame waits behind the
     * write in flight; a client that reads nothing never gets it, so after a grace period the
     * TCP connection is cut without one.
     */
    public void close(int code, String reason) {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        session.close(code, reason, Callback.NOOP);
        ticker.after(CUT_AFTER, () -> {
            if (session.isOutputOpen()) {
                session.abort();
            }
        });
    }

    /** Messages waiting, plus those in flight: how far behind this client is. */
    public synchronized int backlog() {
        return queue.size() + inFlight;
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** True when the socket was closed because its queue overflowed: the client fell too far behind. */
    public synchronized boolean wasCutOff() {
        return cutOff;
    }
}
