package dev.realtimelab.live.transport;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code text/event-stream} response, written by hand (no SSE helper) with servlet async
 * I/O: no thread waits on a client. Events wait in a bounded queue that a writer thread sends
 * (see {@link Flusher}); a client that falls that far behind is cut off, so it can never hold
 * up whoever is publishing.
 */
public final class EventStream {
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final int capacity;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** What Javalin waits on: completed when the stream ends, unless the container already ended the request. */
    private final CompletableFuture<Void> response = new CompletableFuture<>();
    private volatile boolean requestEnded;
    private final Flusher flusher = new Flusher(this::drain);
    private ServletOutputStream out;
    private boolean flushPending;
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
        // Completing Javalin's future after the container has recycled the request (an HTTP/2
        // stream the browser reset) sends Javalin into a loop of exceptions: so only before.
        stream.finished.whenComplete((ignored, error) -> {
            if (!stream.requestEnded) {
                stream.response.complete(null);
            }
        });
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
            ServletOutputStream output = res.getOutputStream();
            synchronized (this) {
                out = output;
                flushPending = true; // send the head now, before the first event
            }
            output.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    drain();
                }

                @Override
                public void onError(Throwable t) {
                    close();
                }
            });
        } catch (IOException | IllegalStateException e) {
            close();
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
        return enqueue(event);
    }

    private boolean enqueue(String text) {
        return enqueue(text.getBytes(StandardCharsets.UTF_8));
    }

    private boolean enqueue(byte[] bytes) {
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
        flusher.request();
        return true;
    }

    /**
     * Writes as much as the connection takes without blocking; the listener resumes the rest.
     * Events written one after the other gather in the response buffer and leave with the flush.
     */
    private void drain() {
        boolean failed = false;
        synchronized (this) {
            try {
                while (!closed && out != null && out.isReady()) {
                    if (!queue.isEmpty()) {
                        out.write(queue.poll());
                        flushPending = true;
                    } else if (flushPending) {
                        flushPending = false;
                        out.flush();
                    } else {
                        break;
                    }
                }
            } catch (IOException | IllegalStateException e) {
                failed = true;
            }
        }
        if (failed) {
            close();
        }
    }
}
