package dev.realtimelab.security;

import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A message rate limit for WebSockets: a token bucket per connection. A message over the limit
 * never reaches the endpoint; the socket is closed with 1013 (try again later) instead: the
 * client did nothing forbidden, it was only too fast.
 */
public final class MessageRateLimit {
    /** IANA's "Try Again Later": the course's close code for a sender over the rate. */
    static final int TRY_AGAIN_LATER = 1013;

    private final int perSecond;
    private final int burst;
    private final Predicate<String> appliesTo;
    private final SecurityEvents events;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** {@code appliesTo}: the socket paths (without query) this limit covers. */
    public MessageRateLimit(int perSecond, int burst, Predicate<String> appliesTo, SecurityEvents events) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.appliesTo = appliesTo;
        this.events = events;
    }

    /** What the client reads in the close frame. */
    public String reason() {
        return "rate limit exceeded: " + perSecond + " messages per second";
    }

    // region take
    /** Called before the endpoint sees each message; throws when the bucket is empty. */
    void take(WsContext ctx, String path) {
        if (!appliesTo.test(path)) {
            return;
        }
        TokenBucket bucket = buckets.computeIfAbsent(ctx.sessionId(), id -> new TokenBucket(burst, perSecond));
        if (!bucket.tryTake()) {
            events.record(TRY_AGAIN_LATER, path, ClientAddress.of(ctx), reason());
            throw LimitExceeded.whenQuiet(TRY_AGAIN_LATER, reason()); // later messages are dropped by WebSocketLimits
        }
    }
    // endregion

    void closed(WsContext ctx) {
        buckets.remove(ctx.sessionId());
    }
}
