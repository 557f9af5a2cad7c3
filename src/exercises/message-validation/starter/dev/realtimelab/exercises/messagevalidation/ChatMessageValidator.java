package dev.realtimelab.exercises.messagevalidation;

import java.util.List;

/**
 * Checks every incoming chat message against a strict schema before anything else looks at it.
 * A WebSocket message is untrusted input: any client can send any bytes, not only the page you
 * wrote.
 *
 * <p>Exercise: see EXERCISE.md beside this file for the exact contract. Jackson
 * ({@code com.fasterxml.jackson.databind}) is on the classpath.
 */
public final class ChatMessageValidator {
    /** The longest chat text, in UTF-16 chars ({@code String.length()}). */
    public static final int MAX_TEXT_LENGTH = 500;

    /** A message that passed: {@code from} is the authenticated sender, never a client's claim. */
    public record ChatMessage(String type, String room, String text, String from) {}

    /** Either a message (no errors) or the list of everything wrong with it (no message). */
    public record Validation(ChatMessage message, List<String> errors) {
        public static Validation valid(ChatMessage message) {
            return new Validation(message, List.of());
        }

        public static Validation invalid(List<String> errors) {
            return new Validation(null, List.copyOf(errors));
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * Validates {@code json} (one WebSocket text message) sent by {@code sender}, the user the
     * server authenticated for this connection. Never throws: every bad input becomes an error.
     */
    public Validation validate(String json, String sender) {
        throw new UnsupportedOperationException("TODO: parse with Jackson (readTree), refuse anything but one JSON"
                + " object, then check each field and collect one \"field: problem\" error per violation");
    }
}
