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
 * data it describes.
 */
public final class SecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger("dev.realtimelab.security");

    /** One event. {@code status} is an HTTP status (403, 429...) or a WebSocket close code (1008...). */
    public record Event(Instant time, int status, String path, String address, String reason) {
        @Override
        public String toString() {
            return "refused " + path + " from " + address + " with " + status + ": " + reason;
        }
    }

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    public void record(int status, String path, String address, String reason) {
        Event event = new Event(Instant.now(), status, path, address, reason);
        LOG.info("{}", event);
        for (Consumer<Event> listener : listeners) {
            listener.accept(event);
        }
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
