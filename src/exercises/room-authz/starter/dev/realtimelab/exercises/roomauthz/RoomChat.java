package dev.realtimelab.exercises.roomauthz;

import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat rooms over WebSocket with per-room permissions, checked when a socket joins AND for every
 * message in both directions.
 *
 * <p>Exercise: see EXERCISE.md beside this file for the exact contract. The room bookkeeping
 * ({@link #membersOf}, {@link #leave}) is done for you; write {@link #join} and {@link #receive}.
 */
public final class RoomChat {
    /** Who may do what in which room. The answers change at any time (an admin removes someone). */
    public interface Permissions {
        /** May {@code user} be in {@code room} and receive its messages? */
        boolean mayRead(String user, String room);

        /** May {@code user} post in {@code room}? (Only asked of users who may read it.) */
        boolean mayPost(String user, String room);
    }

    /** RFC 6455 close code 1008: the endpoint received a message that violates its policy. */
    private static final int POLICY_VIOLATION = 1008;

    private final Permissions permissions;
    /** room -> (socket -> the user it belongs to). */
    private final Map<String, Map<WsContext, String>> rooms = new ConcurrentHashMap<>();

    public RoomChat(Permissions permissions) {
        this.permissions = permissions;
    }

    /** The socket of {@code user} has connected to {@code room} (call from onConnect). */
    public void join(WsContext socket, String user, String room) {
        throw new UnsupportedOperationException("TODO: close with POLICY_VIOLATION unless permissions.mayRead(user,"
                + " room); otherwise add the socket: membersOf(room).put(socket, user)");
    }

    /** {@code user} sent {@code text} to {@code room} (call from onMessage). */
    public void receive(WsContext socket, String user, String room, String text) {
        throw new UnsupportedOperationException("TODO: check mayRead (else close 1008), then mayPost (else reply"
                + " \"error: ...\"), then send user + \": \" + text to every member who may still read");
    }

    /** The socket has closed (call from onClose). */
    public void leave(WsContext socket, String room) {
        Map<WsContext, String> members = rooms.get(room);
        if (members != null) {
            members.remove(socket);
        }
    }

    /** The sockets in {@code room}, each with the user it belongs to. */
    private Map<WsContext, String> membersOf(String room) {
        return rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
    }
}
