package dev.realtimelab.live.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * The one fan-out hub of the app. WebSocket rooms, SSE feeds and workshop channels all join
 * the same rooms, so a message published once reaches every member, whatever its transport.
 * Each member has its own bounded queue (see {@link Subscriber}); one that cannot keep up is
 * dropped and never holds up the rest. A room exists while it has members.
 */
public final class Hub implements AutoCloseable {
    /** Room names: what fits in a URL path segment without escaping. */
    public static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    public static final String ROOM_NAME_RULE = "a room name is 1 to 32 characters of a-z, 0-9 and -";
    /** Member names as others see them. */
    public static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9 _-]{1,24}");
    public static final String MEMBER_NAME_RULE = "a name is 1 to 24 characters of A-Z, a-z, 0-9, space, _ and -";
    /** Events a member may fall behind before it is dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final int HISTORY_EVENTS = 500;
    static final long HISTORY_BYTES = 512 * 1024;
    static final int DEFAULT_MAX_ROOMS = 1000;

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-timer");
        t.setDaemon(true);
        return t;
    });

    public Hub() {
        this(DEFAULT_MAX_ROOMS);
    }

    public Hub(int maxRooms) {
        this.maxRooms = maxRooms;
    }

    /** What a publish did: the message's sequence number and how many members it went to. */
    public record Published(long seq, int members) {}

    /** Thrown by {@link #join} when a new room would exceed the limit. */
    public static final class RoomsFullException extends RuntimeException {
        RoomsFullException(int max) {
            super("the server already has " + max + " rooms open, try again later");
        }
    }

    public static boolean isRoomName(String name) {
        return name != null && ROOM_NAME.matcher(name).matches();
    }

    public static boolean isMemberName(String name) {
        return name != null && MEMBER_NAME.matcher(name).matches();
    }

    /** True when {@code room} exists or another room fits under the limit. */
    public boolean hasRoomFor(String room) {
        return rooms.containsKey(room) || rooms.size() < maxRooms;
    }

    // region hub-join
    /**
     * Adds {@code member} to {@code room}, creating the room if needed. With {@code lastSeen >= 0}
     * the member first gets the messages it missed after that sequence number.
     */
    public void join(String room, Subscriber member, long lastSeen) {
        while (true) {
            if (!hasRoomFor(room)) {
                throw new RoomsFullException(maxRooms);
            }
            Room current = rooms.computeIfAbsent(room, this::newRoom);
            if (current.join(member, lastSeen)) {
                return;
            }
            // The last member left between the lookup and the join; that room is gone, retry.
        }
    }

    private Room newRoom(String name) {
        Room[] self = new Room[1];
        self[0] = new Room(name, new History(HISTORY_EVENTS, HISTORY_BYTES), () -> rooms.remove(name, self[0]));
        return self[0];
    }
    // endregion

    /** Publishes {@code text} from {@code from}. A room with no members keeps nothing: seq 0. */
    public Published publish(String room, String from, String text) {
        Room current = rooms.get(room);
        if (current == null) {
            return new Published(0, 0);
        }
        long seq = current.publish(from, text);
        return new Published(seq, current.size());
    }

    /** Removes {@code member}; {@code reason} (may be null) is shown to the others. */
    public void leave(String room, Subscriber member, String reason) {
        Room current = rooms.get(room);
        if (current != null) {
            current.leave(member, reason);
        }
    }

    public int roomCount() {
        return rooms.size();
    }

    public int memberCount() {
        return rooms.values().stream().mapToInt(Room::size).sum();
    }

    /** Members of {@code room} now, 0 if it does not exist. */
    public int members(String room) {
        Room current = rooms.get(room);
        return current == null ? 0 : current.size();
    }

    /** For work that must happen later without a thread of its own, like closing a stuck socket. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
