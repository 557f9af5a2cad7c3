package dev.realtimelab.exercises.chatroom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Chat rooms in memory: members join and leave, every message reaches every member of its
 * room, and everyone sees who comes and goes.
 *
 * <p>One lock guards all rooms, and events are delivered while it is held: that is what gives
 * every member of a room the same order of events. It also means listeners must be quick
 * (hand the text to the socket's asynchronous send, never wait on the network).
 */
public final class ChatRooms {
    /** What happened in a room. */
    public enum Kind { JOINED, LEFT, MESSAGE }

    /** One thing a member is told: who joined or left, or who said what ({@code text} is null for presence). */
    public record RoomEvent(Kind kind, String room, String member, String text) {
    }

    private static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_MEMBER_NAME = 32;

    /** Room name to its members (name to listener), each map in join order. */
    private final Map<String, Map<String, Consumer<RoomEvent>>> rooms = new LinkedHashMap<>();

    /** Adds {@code member} to {@code room}; {@code listener} then receives the room's events. */
    public synchronized void join(String room, String member, Consumer<RoomEvent> listener) {
        checkRoomName(room);
        if (member == null || member.isBlank() || member.length() > MAX_MEMBER_NAME) {
            throw new IllegalArgumentException("a member name has 1 to " + MAX_MEMBER_NAME + " characters, not only spaces");
        }
        Map<String, Consumer<RoomEvent>> members = rooms.computeIfAbsent(room, name -> new LinkedHashMap<>());
        if (members.containsKey(member)) {
            throw new IllegalStateException("the name " + member + " is already taken in " + room);
        }
        members.put(member, listener);
        deliver(room, new RoomEvent(Kind.JOINED, room, member, null)); // the newcomer is told too: its "you're in"
    }

    /** Removes {@code member} from {@code room} and tells the others; does nothing if it is not there. */
    public synchronized void leave(String room, String member) {
        Map<String, Consumer<RoomEvent>> members = rooms.get(room);
        if (members == null || members.remove(member) == null) {
            return; // a socket's close and error handlers may both call leave: the second call is harmless
        }
        if (members.isEmpty()) {
            rooms.remove(room); // an empty room would otherwise stay in memory forever
        } else {
            deliver(room, new RoomEvent(Kind.LEFT, room, member, null));
        }
    }

    /** Sends {@code text} from {@code member} to every member of {@code room}, the sender included. */
    public synchronized void publish(String room, String member, String text) {
        Map<String, Consumer<RoomEvent>> members = rooms.get(room);
        if (members == null || !members.containsKey(member)) {
            throw new IllegalStateException(member + " is not a member of " + room);
        }
        deliver(room, new RoomEvent(Kind.MESSAGE, room, member, text));
    }

    /** The members of {@code room} in the order they joined; empty if the room does not exist. */
    public synchronized List<String> members(String room) {
        Map<String, Consumer<RoomEvent>> members = rooms.get(room);
        return members == null ? List.of() : List.copyOf(members.keySet());
    }

    /** The rooms that have at least one member. */
    public synchronized Set<String> rooms() {
        return new TreeSet<>(rooms.keySet());
    }

    /** Tells every member of the room; a member whose listener fails is removed as if it had left. */
    private void deliver(String room, RoomEvent event) {
        Map<String, Consumer<RoomEvent>> members = rooms.get(room);
        if (members == null) {
            return;
        }
        List<String> failed = new ArrayList<>();
        // A copy: a listener may join or leave (this lock is reentrant) while we iterate.
        for (Map.Entry<String, Consumer<RoomEvent>> member : List.copyOf(members.entrySet())) {
            try {
                member.getValue().accept(event);
            } catch (RuntimeException e) {
                failed.add(member.getKey()); // one broken connection must not silence the room
            }
        }
        failed.forEach(name -> leave(room, name));
    }

    private static void checkRoomName(String room) {
        if (room == null || !ROOM_NAME.matcher(room).matches()) {
            throw new IllegalArgumentException("a room name is 1 to 32 of a-z, 0-9 and '-', got: " + room);
        }
    }
}
