package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Caps on open WebSockets, in all and per client address. A handshake over a cap is refused
 * before the upgrade, with 503 (the server is full) or 429 (this address has enough), so the
 * client gets a status and a reason rather than a socket that is dropped later.
 */
public final class ConnectionCaps implements SocketCap {
    /** IANA's close code "Try Again Later", for the rare socket that slipped past a full cap. */
    static final int TRY_AGAIN_LATER = 1013;

    private final int maxTotal;
    private final int maxPerAddress;
    private final Predicate<String> appliesTo;
    private final SecurityEvents events;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    /** The address each counted socket was counted under, by session id. */
    private final Map<String, String> counted = new ConcurrentHashMap<>();

    /** {@code appliesTo}: the socket paths (without query) these caps cover. */
    public ConnectionCaps(int maxTotal, int maxPerAddress, Predicate<String> appliesTo, SecurityEvents events) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.appliesTo = appliesTo;
        this.events = events;
    }

    // region admit
    /** Before the upgrade: refuses the handshake when a cap is reached. */
    @Override
    public void admit(Context ctx) {
        if (!appliesTo.test(ctx.path())) {
            return;
        }
        String address = ClientAddress.of(ctx);
        if (open.get() >= maxTotal) {
            String reason = "too many WebSocket connections: the server allows " + maxTotal + " at once, try again later";
            throw events.refuse(ctx, 503, reason);
        }
        AtomicInteger mine = perAddress.get(address);
        if (mine != null && mine.get() >= maxPerAddress) {
            String reason = "too many WebSocket connections from your address: at most " + maxPerAddress + " at once";
            throw events.refuse(ctx, 429, reason);
        }
    }
    // endregion

    /** Counts an open socket. Two handshakes can pass {@link #admit} at the same moment: the later one is closed. */
    @Override
    public void connected(WsContext ctx, String path) {
        if (!appliesTo.test(path)) {
            return;
        }
        String address = ClientAddress.of(ctx);
        counted.put(ctx.sessionId(), address);
        int total = open.incrementAndGet();
        int mine = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (total > maxTotal || mine > maxPerAddress) {
            String reason = "too many connections, try again later";
            events.record(TRY_AGAIN_LATER, path, address, reason + " (opened at the same moment as others)");
            throw new LimitExceeded(TRY_AGAIN_LATER, reason);
        }
    }

    @Override
    public void closed(WsContext ctx) {
        String address = counted.remove(ctx.sessionId());
        if (address != null) {
            open.decrementAndGet();
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Sockets open now under these caps. */
    public int open() {
        return open.get();
    }
}
