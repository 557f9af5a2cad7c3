package dev.realtimelab.live.hub;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import java.util.regex.Pattern;

/**
 * The one fan-out hub of the app. WebSocket rooms, SSE feeds and workshop channels all join
 * the same rooms, so a message published once reaches every member, whatever its transport.
 * Each member has its own bounded queue (see {@link Subscriber}); one that cannot keep up is
 * dropped and never holds up the rest. A room exists while it has members, or while a source
 * holds it open with {@link #feed}. The hub knows nothing of sockets or HTTP. Its
 * {@link Backplane} decides what rooms share with other instances of the app: nothing in memory
 * (the default), the chat rooms on Redis.
 */
public final class Hub {
    /**
     * Room names: what fits in a URL path segment without escaping. The rooms of the app's own
     * feeds are named {@code feed:id}: the colon keeps clients from joining or posting to them.
     */
    public static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    public static final String ROOM_NAME_RULE = "a room name is 1 to 32 characters of a-z, 0-9 and -";
    /** Member names as others see them. */
    public static final String MEMBER_NAME_RULE = MemberNames.RULE;
    /** Events a member may fall behind before it is dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final int HISTORY_EVENTS = 500;
    static final long HISTORY_BYTES = 512 * 1024;
    static final int DEFAULT_MAX_ROOMS = 1000;

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final Backplane backplane;

    public Hub() {
        this(DEFAULT_MAX_ROOMS);
    }

    public Hub(int maxRooms) {
        this(maxRooms, Backplane.IN_MEMORY);
    }

    public Hub(Backplane backplane) {
        this(DEFAULT_MAX_ROOMS, backplane);
    }

    public Hub(int maxRooms, Backplane backplane) {
        this.maxRooms = maxRooms;
        this.backplane = backplane;
        backplane.start(new Backplane.Inbound() {
            @Override
            public void message(String room, long seq, String payload) {
                Room current = rooms.get(room);
                if (current != null) {
                    current.arrived(seq, payload);
                }
            }

            @Override
            public void presence(String room, int members, String payload) {
                Room current = rooms.get(room);
                if (current != null) {
                    current.remotePresence(members, payload);
                }
            }

            @Override
            public void reachable(boolean up) {
                rooms.values().forEach(room -> room.reachable(up));
            }
        });
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

    /** Letters and digits of any script and a few signs, already in NFC: see {@link MemberNames}. */
    public static boolean isMemberName(String name) {
        return MemberNames.isValid(name);
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
        join(room, member, lastSeen, (replay, newest) -> {});
    }

    /**
     * The same, and {@code beforeReplay} is told what the member is about to be replayed (and the
     * room's newest sequence number) while nothing else can happen in the room: a feed can greet
     * the member with it first, and the member still misses nothing and gets nothing twice.
     */
    public void join(String room, Subscriber member, long lastSeen, ObjLongConsumer<History.Replay> beforeReplay) {
        while (true) {
            Room current = room(room, HISTORY_EVENTS, HISTORY_BYTES);
            if (current.join(member, lastSeen, beforeReplay)) {
                return;
            }
            // The room was released between the lookup and the join; that room is gone, retry.
        }
    }

    private Room room(String name, int historyEvents, long historyBytes) {
        if (!hasRoomFor(name)) {
            throw new RoomsFullException(maxRooms);
        }
        return rooms.computeIfAbsent(name, key -> {
            Room[] self = new Room[1];
            self[0] = new Room(key, new History(historyEvents, historyBytes), () -> rooms.remove(key, self[0]), backplane);
            return self[0];
        });
    }
    // endregion

    // region feed
    /**
     * Holds {@code room} open for a source that publishes into it, members or not, so that its
     * numbering and history go on while nobody listens. A new room keeps the last
     * {@code historyEvents} events (and at most {@code historyBytes}). Close the feed to let go.
     */
    public Feed feed(String room, int historyEvents, long historyBytes) {
        while (true) {
            Room current = room(room, historyEvents, historyBytes);
            if (current.hold()) {
                return new Feed(room, current);
            }
        }
    }

    /** A source's hold on one room: what it publishes is numbered, kept and fanned out there. */
    public static final class Feed implements AutoCloseable {
        private final String name;
        private final Room room;
        private boolean closed;

        private Feed(String name, Room room) {
            this.name = name;
            this.room = room;
        }

        public String room() {
            return name;
        }

        /**
         * Publishes one event of kind {@code kind} (the SSE event name; null for a plain message)
         * whose JSON {@code json} makes from its sequence number. Returns that number.
         */
        public long publish(String kind, LongFunction<String> json) {
            return room.publish(kind, json);
        }

        /** The newest sequence number. */
        public long lastSeq() {
            return room.lastSeq();
        }

        public int members() {
            return room.size();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                room.unhold();
            }
        }
    }
    // endregion

    /**
     * Publishes one event of a feed into {@code room} if anyone is there (or a source holds it):
     * a clock or a verdict nobody is listening to is not kept. Returns its sequence number, or 0.
     */
    public long publish(String room, String kind, LongFunction<String> json) {
        Room current = rooms.get(room);
        return current == null ? 0 : current.publish(kind, json);
    }

    /** Publishes {@code text} from {@code from}. A room with no members keeps nothing: seq 0. */
    public Published publish(String room, String from, String text) {
        Room current = rooms.get(room);
        if (current == null) {
            return backplane.shares(room) ? publishElsewhere(room, from, text) : new Published(0, 0);
        }
        long seq = current.publish(from, text);
        return new Published(seq, current.roomSize());
    }

    /** A shared room with nobody here: its members may be on another instance. */
    private Published publishElsewhere(String room, String from, String text) {
        try {
            int members = backplane.presence(room, 0, null);
            if (members == 0) {
                return new Published(0, 0);
            }
            long seq = backplane.publish(room, Json.object("from", from, "text", text, "sentAt", System.currentTimeMillis()));
            return new Published(seq, members);
        } catch (Backplane.Unavailable e) {
            return new Published(0, 0);
        }
    }

    /** "memory" or "redis". */
    public String backplane() {
        return backplane.kind();
    }

    /** True while the backplane cannot be reached: shared rooms go on locally. */
    public boolean degraded() {
        return !backplane.reachable() || rooms.values().stream().anyMatch(Room::isDegraded);
    }

    /** Removes {@code member}; {@code reason} (may be null) is shown to the others. */
    public void leave(String room, Subscriber member, String reason) {
        Room current = rooms.get(room);
        if (current != null) {
            current.leave(member, reason);
        }
    }

    /** Chat rooms open now; the rooms of feeds (named with a colon) are not counted. */
    public int roomCount() {
        return (int) rooms.keySet().stream().filter(Hub::isRoomName).count();
    }

    /** Members of chat rooms now. */
    public int memberCount() {
        return rooms.entrySet().stream().filter(e -> isRoomName(e.getKey())).mapToInt(e -> e.getValue().size()).sum();
    }

    /** Members of {@code room} now, 0 if it does not exist. */
    public int members(String room) {
        Room current = rooms.get(room);
        return current == null ? 0 : current.roomSize();
    }
}
