package dev.realtimelab.live.transport;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One {@code text/event-stream} response, written by hand (no SSE helper) and without ever
 * blocking: no thread waits on a client. Events wait in a bounded queue that a writer thread
 * sends (see {@link Flusher}); a client that falls that far behind is cut off, so it can never
 * hold up whoever is publishing.
 *
 * <p>The events go to Jetty's own response underneath the servlet one: the servlet stream would
 * copy each event into its buffer and take its own locks and state changes for every write and
 * flush, which is most of what an event costs once a room fans it out to a thousand streams.
 * One write is in flight at a time; what queues behind it leaves together in the next one.
 */
public final class EventStream {
    /** The most bytes one write gathers from the queue. */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private final int capacity;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** What Javalin waits on: completed when the stream ends, unless the container already ended the request. */
    private final CompletableFuture<Void> response = new CompletableFuture<>();
    private volatile boolean requestEnded;
    private final Flusher flusher = new Flusher(this::drain);
    /** Only marks and hands on, so Jetty may run it on the thread that saw the write complete. */
    private final Callback written = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::writeSucceeded, this::writeFailed);
    private Response out;
    private boolean headPending;
    /** A write was handed to Jetty and has not completed yet. */
    private boolean inFlight;
    /** The write in flight is being made on this thread now: its completion only says so. */
    private boolean writing;
    private boolean completedWhileWriting;
    /** The stream ended while a write was in flight: the response ends when that write does. */
    private boolean endAfterWrite;
    /** A write failed: the writer ends the stream (the hub's leave does not belong on Jetty's thread). */
    private boolean writeFailed;
    private boolean closed;
    private boolean cutOff;

    EventStream(int capacity) {
        this.capacity = capacity;
    }

    // region open
    /**
     * Answers 200 with the event-stream head at once and keeps the response open until
     * {@link #close()} or the client goes away. Call from a Javalin handler.
     */
    static EventStream open(Context ctx, int capacity, Runnable onClose) {
        EventStream stream = new EventStream(capacity);
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no"); // tells nginx not to buffer the stream
        stream.finished.whenComplete((ignored, error) -> onClose.run());
        stream.finished.whenComplete((ignored, error) -> stream.endResponse());
        // Javalin starts servlet async mode for a future; the supplier runs once it has.
        ctx.future(() -> {
            stream.start(ctx.req(), res);
            return stream.response;
        });
        return stream;
    }
    // endregion

    private void start(jakarta.servlet.http.HttpServletRequest req, HttpServletResponse res) {
        try {
            // On HTTP/2 a closed EventSource resets its stream: no write fails, the container
            // tells the async listeners instead. An error is answered by ending the response now.
            req.getAsyncContext().addListener(new jakarta.servlet.AsyncListener() {
                @Override
                public void onComplete(jakarta.servlet.AsyncEvent event) {
                    requestEnded = true;
                    close();
                }

                @Override
                public void onError(jakarta.servlet.AsyncEvent event) {
                    close();
                }

                @Override
                public void onTimeout(jakarta.servlet.AsyncEvent event) {
                    close();
                }

                @Override
                public void onStartAsync(jakarta.servlet.AsyncEvent event) {
                    // not restarted
                }
            });
            ServletContextResponse servlet = ServletContextResponse.getServletContextResponse(res);
            if (servlet == null) {
                throw new IllegalStateException("not a Jetty response");
            }
            // The connection's own response, under the wrappers of the handlers on the way in:
            // none of them does anything to a body it did not make (the size limits are on
            // requests), and each would take its turn on every write.
            Response core = Response.getOriginalResponse(servlet);
            synchronized (this) {
                out = core;
                headPending = true; // send the head now, before the first event
            }
            flusher.request();
        } catch (IllegalStateException e) {
            close();
        }
    }

    /**
     * Completes Javalin's future, which ends the response, once no write is in flight (the
     * servlet stream that writes the end knows nothing of ours). Completing it after the
     * container has recycled the request (an HTTP/2 stream the browser reset) sends Javalin
     * into a loop of exceptions: so only before.
     */
    private void endResponse() {
        synchronized (this) {
            if (inFlight) {
                endAfterWrite = true;
                return;
            }
        }
        if (!requestEnded) {
            response.complete(null);
        }
    }

    // region event
    /**
     * Queues one event. {@code id} and {@code event} may be null; a multi-line {@code data}
     * becomes one {@code data:} line per line, as the format requires.
     * Returns false when the stream is closed or was just cut off for falling behind.
     */
    public boolean send(String id, String event, String data) {
        return sendEncoded(encode(id, event, data));
    }

    /** The bytes of one event on the wire, in UTF-8, ending with the blank line that dispatches it. */
    public static byte[] encode(String id, String event, String data) {
        requireOneLine("id", id);
        requireOneLine("event", event);
        StringBuilder text = new StringBuilder(data.length() + 64);
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            text.append("event: ").append(event).append('\n');
        }
        boolean oneLine = data.indexOf('\n') < 0 && data.indexOf('\r') < 0;
        for (String line : oneLine ? new String[] {data} : data.split("\r\n|\r|\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        text.append('\n'); // the blank line dispatches the event
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
    // endregion

    // region comment
    /** A comment line: ignored by EventSource, but it keeps proxies from closing an idle stream. */
    public boolean comment(String text) {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lines.append(": ").append(line).append('\n'); // every line needs its colon, or it becomes a field
        }
        return enqueue(lines.append('\n').toString());
    }

    /** Tells the browser how long to wait before reconnecting, in milliseconds. */
    public boolean retry(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("retry must be zero or more milliseconds: " + millis);
        }
        return enqueue("retry: " + millis + "\n\n");
    }
    // endregion

    /**
     * A line break in an id or event type would end that field early and turn the rest into
     * fields of the server's choosing; a NUL makes the browser ignore the id altogether.
     */
    private static void requireOneLine(String field, String value) {
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException(field + " must be a single line without NUL");
        }
    }

    /**
     * Ends the response now; events still waiting in the queue are dropped. EventSource will
     * reconnect unless the next answer is a 204. Close streams before the server stops: a
     * response completed after that sends Javalin into a loop of exceptions.
     */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        finished.complete(null);
    }

    /** Runs {@code action} once the stream has ended (at once if it already has). */
    public void whenClosed(Runnable action) {
        finished.whenComplete((ignored, error) -> action.run());
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** True when the stream ended because its queue overflowed: the client fell too far behind. */
    public synchronized boolean wasCutOff() {
        return cutOff;
    }

    /** How many events wait to be written: how far behind this client is. */
    public synchronized int backlog() {
        return queue.size();
    }

    /**
     * Queues an event made by {@link #encode}: a room with many members on event streams encodes
     * each event once and hands every stream the same bytes.
     */
    public boolean sendEncoded(byte[] event) {
        return enqueue(ByteBuffer.wrap(event));
    }

    /**
     * The same for an event's shared bytes (see {@code FeedEvent.wire}): the buffer is this
     * stream's own view of them, read to its end when written.
     */
    public boolean sendEncoded(ByteBuffer event) {
        return enqueue(event);
    }

    private boolean enqueue(String text) {
        return enqueue(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private boolean enqueue(ByteBuffer bytes) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() >= capacity) {
                closed = true;
                cutOff = true;
                queue.clear();
            } else {
                queue.add(bytes);
            }
        }
        if (!isOpen()) {
            finished.complete(null);
            return false;
        }
        flusher.drainNow();
        return true;
    }

    // region drain
    /**
     * Writes what is queued, one write at a time: several queued events leave together in one
     * write (one system call). A write that completes at once lets the loop go on; one that
     * waits for the client goes on from its completion.
     */
    private void drain() {
        while (true) {
            ByteBuffer batch;
            synchronized (this) {
                if (writeFailed) {
                    writeFailed = false;
                    endAfterWrite = false;
                    batch = null;
                } else if (closed || out == null || inFlight || (queue.isEmpty() && !headPending)) {
                    return;
                } else {
                    headPending = false;
                    batch = takeBatch();
                    inFlight = true;
                    writing = true;
                    completedWhileWriting = false;
                }
            }
            if (batch == null) {
                close();
                endResponse(); // close() may have run before, while the failed write was in flight
                return;
            }
            try {
                out.write(false, batch, written);
            } catch (RuntimeException e) {
                writeFailed(e);
                return;
            }
            boolean end;
            synchronized (this) {
                writing = false;
                if (!completedWhileWriting) {
                    return; // the completion goes on from here
                }
                end = endAfterWrite;
            }
            if (end) {
                endResponse(); // closed during a write that completed at once
                return;
            }
        }
    }

    /** The queue's head, or the first events of the queue copied into one buffer. Holds the lock. */
    private ByteBuffer takeBatch() {
        ByteBuffer first = queue.poll();
        if (first == null) {
            return BufferUtil.EMPTY_BUFFER; // only the head
        }
        if (queue.isEmpty() || first.remaining() + queue.peek().remaining() > MAX_BATCH_BYTES) {
            return first;
        }
        int size = first.remaining();
        int count = 1;
        for (ByteBuffer next : queue) {
            if (size + next.remaining() > MAX_BATCH_BYTES) {
                break;
            }
            size += next.remaining();
            count++;
        }
        ByteBuffer batch = ByteBuffer.allocate(size).put(first);
        for (int i = 1; i < count; i++) {
            batch.put(queue.poll());
        }
        return batch.flip();
    }

    private void writeSucceeded() {
        boolean more;
        boolean end;
        synchronized (this) {
            inFlight = false;
            if (writing) {
                completedWhileWriting = true; // the writing loop goes on
                return;
            }
            end = endAfterWrite;
            more = !closed && !queue.isEmpty();
        }
        if (end) {
            endResponse();
        } else if (more) {
            flusher.request();
        }
    }

    private void writeFailed(Throwable error) {
        synchronized (this) {
            inFlight = false;
            writing = false;
            writeFailed = true;
        }
        flusher.request();
    }
    // endregion
}
