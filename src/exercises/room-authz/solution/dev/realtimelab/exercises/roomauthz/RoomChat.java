package dev.realtimelab.exercises.roomauthz;

import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat rooms over WebSocket with per-room permissions, checked when a socket joins AND for every
 * message in both directions. Checking only at the handshake leaves a member who was removed
 * mid-session with an open socket that can still post and still read, for as long as it stays
 * connected.
 *
 * <p>Reference solution.
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
        if (!permissions.mayRead(user, room)) {
            // Refused before it is added: a non-member never hears a single message.
            socket.closeSession(POLICY_VIOLATION, "not a member of room " + room);
            return;
        }
        membersOf(room).put(socket, user);
    }

    /** {@code user} sent {@code text} to {@code room} (call from onMessage). */
    public void receive(WsContext socket, String user, String room, String text) {
        // Ask again for every message: the answer at join time may no longer be true.
        if (!permissions.mayRead(user, room)) {
            expel(socket, room, "no longer a member of room " + room);
            return;
        }
        if (!permissions.mayPost(user, room)) {
            // A reader who may not post keeps the connection: refusing one message is enough.
            socket.send("error: you may read room " + room + " but not post in it");
            return;
        }
        deliver(room, user + ": " + text);
    }

    /** The socket has closed (call from onClose). */
    public void leave(WsContext socket, String room) {
        Map<WsContext, String> members = rooms.get(room);
        if (members != null) {
            members.remove(socket);
        }
    }

    /** Outgoing messages are authorized too: a removed member must stop receiving at once. */
    private void deliver(String room, String line) {
        membersOf(room).forEach((member, memberUser) -> {
            if (permissions.mayRead(memberUser, room)) {
                member.send(line);
            } else {
                expel(member, room, "no longer a member of room " + room);
            }
        });
    }

    private void expel(WsContext socket, String room, String reason) {
        leave(socket, room);
        socket.closeSession(POLICY_VIOLATION, reason);
    }

    private Map<WsContext, String> membersOf(String room) {
        return rooms.computeIfAbsent(room, r -> new ConcurrentHashMap<>());
    }
}
