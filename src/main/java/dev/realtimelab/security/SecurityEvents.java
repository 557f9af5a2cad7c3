package dev.realtimelab.security;

import dev.realtimelab.shared.Refusal;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log: every refused handshake or request and every socket closed for a policy
 * reason, with the path (never the query string, which may hold a ticket), the client's address
 * and why. Never a message's contents, a cookie or a token: a log is read by more people than the
 * data it describes. One line per refusal, and what came from the client (a path, a Host, an
 * Origin) is cut to a few dozen printable characters, so a client cannot write into the log at will.
 */
public final class SecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger("dev.realtimelab.security");
    /** Longest path kept in a log line; longer ones end in "...". */
    static final int PATH_CHARS = 80;
    /** Longest reason kept in a log line. */
    static final int REASON_CHARS = 200;
    /** Set on a request whose refusal is logged already, so the error page does not log it again. */
    static final String LOGGED = "dev.realtimelab.security.logged";

    /** One event. {@code status} is an HTTP status (403, 429...) or a WebSocket close code (1008...). */
    public record Event(Instant time, int status, String path, String address, String reason) {
        @Override
        public String toString() {
            return "refused " + path + " from " + address + " with " + status + ": " + reason;
        }
    }

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public void record(int status, String path, String address, String reason) {
        Event event = new Event(Instant.now(), status, bounded(path, PATH_CHARS), bounded(address, 64), bounded(reason, REASON_CHARS));
        LOG.info("{}", event);
        for (Consumer<Event> listener : listeners) {
            listener.accept(event);
        }
    }

    /**
     * {@code text} as one short line of printable ASCII: anything else becomes '?', and past
     * {@code max} characters it is cut and ends in "...".
     */
    static String bounded(String text, int max) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }

    /** Records a refused request or handshake and returns the {@link Refusal} to throw, with the same reason. */
    public HttpResponseException refuse(Context ctx, int status, String reason) {
        record(status, ctx.path(), ClientAddress.of(ctx), reason);
        return Refusal.of(ctx, status, reason);
    }

    /** Hears every later event; the labs show the ones about their own endpoints. */
    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }
}
