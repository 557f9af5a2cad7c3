package dev.realtimelab.exercises.chatroom;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Chat rooms in memory: members join and leave, every message reaches every member of its
 * room, and everyone sees who comes and goes. See EXERCISE.md in this folder for the contract.
 */
public final class ChatRooms {
    /** What happened in a room. */
    public enum Kind { JOINED, LEFT, MESSAGE }

    /** One thing a member is told: who joined or left, or who said what ({@code text} is null for presence). */
    public record RoomEvent(Kind kind, String room, String member, String text) {
    }

    /** Adds {@code member} to {@code room}; {@code listener} then receives the room's events. */
    public void join(String room, String member, Consumer<RoomEvent> listener) {
        throw new UnsupportedOperationException("TODO: check the names, add the member, tell everyone in the room");
    }

    /** Removes {@code member} from {@code room} and tells the others; does nothing if it is not there. */
    public void leave(String room, String member) {
        throw new UnsupportedOperationException("TODO: remove the member, tell the others, forget an empty room");
    }

    /** Sends {@code text} from {@code member} to every member of {@code room}, the sender included. */
    public void publish(String room, String member, String text) {
        throw new UnsupportedOperationException("TODO: deliver a MESSAGE event to every member of the room");
    }

    /** The members of {@code room} in the order they joined; empty if the room does not exist. */
    public List<String> members(String room) {
        throw new UnsupportedOperationException("TODO: list the members of the room");
    }

    /** The rooms that have at least one member. */
    public Set<String> rooms() {
        throw new UnsupportedOperationException("TODO: list the rooms that have members");
    }
}
