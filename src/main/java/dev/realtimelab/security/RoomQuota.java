package dev.realtimelab.security;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many rooms one client address may be in at once, over WebSockets and event streams alike.
 * The server holds 1,000 rooms in all; without this, one address opening a stream to each of
 * 1,000 names would leave none for anyone else. Joining a room the address is already in is
 * always allowed, so a crowd behind one router can share a few rooms freely.
 */
public final class RoomQuota implements SocketCap {
    /** The routes that join a room named by their last path segment (the endpoint contract). */
    static final List<String> ROOM_ROUTES = List.of("/ws/room/", "/sse/room/");

    private record Held(String address, String room) {}

    private final int maxPerAddress;
    private final SecurityEvents events;
    /** Address -> room -> connections of that address in that room. Guarded by this. */
    private final Map<String, Map<String, Integer>> rooms = new HashMap<>();
    private final Map<String, Held> sockets = new ConcurrentHashMap<>();

    public RoomQuota(int maxPerAddress, SecurityEvents events) {
        this.maxPerAddress = maxPerAddress;
        this.events = events;
    }

    /** The room a path joins, or null when it joins none. */
    static String roomOf(String path) {
        for (String route : ROOM_ROUTES) {
            if (path.startsWith(route) && path.length() > route.length() && path.indexOf('/', route.length()) < 0) {
                return path.substring(route.length());
            }
        }
        return null;
    }

    String reason() {
        return "your address is in " + maxPerAddress + " rooms already: leave one first";
    }

    synchronized boolean allows(String address, String room) {
        Map<String, Integer> mine = rooms.get(address);
        return mine == null || mine.containsKey(room) || mine.size() < maxPerAddress;
    }

    /** Counts one more connection of {@code address} in {@code room}; false (and nothing counted) over the quota. */
    synchronized boolean enter(String address, String room) {
        if (!allows(address, room)) {
            return false;
        }
        rooms.computeIfAbsent(address, a -> new HashMap<>()).merge(room, 1, Integer::sum);
        return true;
    }

    synchronized void leave(String address, String room) {
        Map<String, Integer> mine = rooms.get(address);
        if (mine != null && mine.computeIfPresent(room, (r, n) -> n > 1 ? n - 1 : null) == null && mine.isEmpty()) {
            rooms.remove(address);
        }
    }

    /** Rooms {@code address} is in now. */
    public synchronized int roomsOf(String address) {
        Map<String, Integer> mine = rooms.get(ClientAddress.normalize(address));
        return mine == null ? 0 : mine.size();
    }

    @Override
    public void admit(Context ctx) {
        String room = roomOf(ctx.path());
        if (room != null && !allows(ClientAddress.of(ctx), room)) {
            throw events.refuse(ctx, 429, reason());
        }
    }

    @Override
    public void connected(WsContext ctx, String path) {
        String room = roomOf(path);
        if (room == null) {
            return;
        }
        String address = ClientAddress.of(ctx);
        if (!enter(address, room)) {
            events.record(ConnectionCaps.TRY_AGAIN_LATER, path, address, reason() + " (opened at the same moment as others)");
            throw new LimitExceeded(ConnectionCaps.TRY_AGAIN_LATER, reason());
        }
        sockets.put(ctx.sessionId(), new Held(address, room));
    }

    @Override
    public void closed(WsContext ctx) {
        Held held = sockets.remove(ctx.sessionId());
        if (held != null) {
            leave(held.address(), held.room());
        }
    }
}
