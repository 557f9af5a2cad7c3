package dev.realtimelab.exercises.messagevalidation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every incoming chat message against a strict schema before anything else looks at it.
 * A WebSocket message is untrusted input: any client can send any bytes, not only the page you
 * wrote.
 *
 * <p>Reference solution.
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

    private static final Set<String> FIELDS = Set.of("type", "room", "text");
    private static final Set<String> TYPES = Set.of("chat", "typing");
    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");

    /**
     * Strict parsing: a field given twice is an error (otherwise two readers of the same bytes may
     * pick different values), and so is anything after the object. Jackson's default limits on
     * nesting depth and number length stay on.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Validates {@code json} (one WebSocket text message) sent by {@code sender}, the user the
     * server authenticated for this connection. Never throws: every bad input becomes an error.
     */
    public Validation validate(String json, String sender) {
        JsonNode root;
        try {
            root = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // A fixed text, not e.getMessage(): the parser's message quotes the input and names
            // internals, and the client only needs to know that the message was refused.
            return Validation.invalid(List.of(isDuplicate(e)
                    ? "message: a field appears more than once"
                    : "message: not a single valid JSON object"));
        }
        if (root == null || !root.isObject()) {
            return Validation.invalid(List.of("message: must be a JSON object"));
        }

        List<String> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (name.equals("from")) {
                errors.add("from: is set by the server from your login, never by the client");
            } else if (!FIELDS.contains(name)) {
                errors.add(shorten(name) + ": unknown field");
            }
        });

        String type = requiredString(root, "type", errors);
        if (type != null && !TYPES.contains(type)) {
            errors.add("type: must be one of chat, typing");
        }

        String room = requiredString(root, "room", errors);
        if (room != null && !ROOM.matcher(room).matches()) {
            errors.add("room: must be 1 to 32 characters of a-z, 0-9 and -");
        }

        String text = null;
        if ("typing".equals(type)) {
            if (root.has("text")) {
                errors.add("text: not allowed in a typing notice");
            }
        } else {
            text = requiredString(root, "text", errors);
            if (text != null && (text.isEmpty() || text.length() > MAX_TEXT_LENGTH)) {
                errors.add("text: must be 1 to " + MAX_TEXT_LENGTH + " characters");
            }
        }

        if (!errors.isEmpty()) {
            return Validation.invalid(errors);
        }
        // The text is kept exactly as sent: it is data. Whoever displays it renders it as text
        // (textContent), which is where HTML escaping belongs, not here.
        return Validation.valid(new ChatMessage(type, room, text, sender));
    }

    /** The field's string value; null (with an error added) when it is missing or not a string. */
    private static String requiredString(JsonNode root, String field, List<String> errors) {
        JsonNode value = root.get(field);
        if (value == null) {
            errors.add(field + ": required");
            return null;
        }
        if (!value.isTextual()) {
            errors.add(field + ": must be a string");
            return null;
        }
        return value.textValue();
    }

    private static boolean isDuplicate(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }

    /** An unknown field name is the client's text too: echo only a bounded piece of it. */
    private static String shorten(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }
}
