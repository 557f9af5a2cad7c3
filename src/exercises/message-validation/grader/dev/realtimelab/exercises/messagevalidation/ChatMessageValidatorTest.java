package dev.realtimelab.exercises.messagevalidation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.exercises.messagevalidation.ChatMessageValidator.ChatMessage;
import dev.realtimelab.exercises.messagevalidation.ChatMessageValidator.Validation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grades {@link ChatMessageValidator} with good, bad and hostile messages. */
@Tag("exercise")
@Tag("message-validation")
@DisplayName("Exercise message-validation: a strict schema for incoming chat messages")
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatMessageValidatorTest {
    private final ChatMessageValidator validator = new ChatMessageValidator();

    @Test
    @DisplayName("A well-formed chat message is accepted, and its sender is the authenticated user")
    void acceptsAChatMessage() {
        Validation result = validate("{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hello\"}", "ada");
        assertTrue(result.ok(), "a correct chat message was refused with " + result.errors());
        assertEquals(new ChatMessage("chat", "general", "hello", "ada"), result.message(),
                "the accepted message should carry type, room and text as sent, and from = the authenticated sender");

        String longest = "x".repeat(ChatMessageValidator.MAX_TEXT_LENGTH);
        Validation full = validate("{\"type\":\"chat\",\"room\":\"room-2\",\"text\":\"" + longest + "\"}", "bob");
        assertTrue(full.ok(), "a text of exactly " + ChatMessageValidator.MAX_TEXT_LENGTH
                + " characters is allowed, but was refused with " + full.errors());
    }

    @Test
    @DisplayName("A typing notice has a type and a room, and no text")
    void acceptsATypingNotice() {
        Validation result = validate("{\"type\":\"typing\",\"room\":\"general\"}", "ada");
        assertTrue(result.ok(), "a typing notice without text was refused with " + result.errors());
        assertEquals(new ChatMessage("typing", "general", null, "ada"), result.message(),
                "a typing notice has no text (null)");
        assertHasError(validate("{\"type\":\"typing\",\"room\":\"general\",\"text\":\"psst\"}", "ada"), "text",
                "a typing notice must not carry text: it would be a second, unchecked way to broadcast words");
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("{\"room\":\"general\",\"text\":\"hi\"}", "type", "type is required"),
                Arguments.of("{\"type\":42,\"room\":\"general\",\"text\":\"hi\"}", "type", "type must be a string"),
                Arguments.of("{\"type\":\"shout\",\"room\":\"general\",\"text\":\"hi\"}", "type",
                        "only chat and typing exist; an unknown type must not fall through to some default handling"),
                Arguments.of("{\"type\":\"Chat\",\"room\":\"general\",\"text\":\"hi\"}", "type",
                        "type values are exact and case-sensitive"),
                Arguments.of("{\"type\":\"chat\",\"text\":\"hi\"}", "room", "room is required"),
                Arguments.of("{\"type\":\"chat\",\"room\":[\"general\"],\"text\":\"hi\"}", "room", "room must be a string"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"../admin\",\"text\":\"hi\"}", "room",
                        "room names are [a-z0-9-]{1,32}: a name that ends up in a path or a key must not steer it"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"" + "r".repeat(33) + "\",\"text\":\"hi\"}", "room",
                        "room names are at most 32 characters"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"\",\"text\":\"hi\"}", "room", "an empty room name is not a room"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"general\"}", "text", "a chat message needs its text"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"general\",\"text\":null}", "text", "null is not a string"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"general\",\"text\":{\"html\":\"<b>hi</b>\"}}", "text",
                        "text must be a string, not an object"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"general\",\"text\":\"\"}", "text", "an empty text says nothing"),
                Arguments.of("{\"type\":\"chat\",\"room\":\"general\",\"text\":\""
                        + "x".repeat(ChatMessageValidator.MAX_TEXT_LENGTH + 1) + "\"}", "text",
                        "text is at most " + ChatMessageValidator.MAX_TEXT_LENGTH + " characters: every copy to every"
                                + " member costs memory and bandwidth"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {0}")
    @MethodSource("violations")
    @DisplayName("Missing fields, wrong types, unknown types and over-long values are refused, naming the field")
    void refusesViolations(String json, String field, String why) {
        assertHasError(validate(json, "ada"), field, why);
    }

    @Test
    @DisplayName("Every violation is reported, not just the first")
    void reportsEveryViolation() {
        Validation result = validate("{\"type\":\"shout\",\"room\":\"No Spaces\",\"text\":7,\"colour\":\"red\"}", "ada");
        for (String field : List.of("type", "room", "text", "colour")) {
            assertHasError(result, field, "this message breaks four rules (type, room, text and the unknown field"
                    + " colour); report each one, so the sender can fix them all at once");
        }
    }

    @Test
    @DisplayName("Unknown fields are refused, and a client-supplied \"from\" above all")
    void refusesUnknownFields() {
        assertHasError(validate("{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hi\",\"from\":\"admin\"}", "eve"),
                "from", "the client claimed to be \"admin\". Who sent a message is what the server authenticated for"
                        + " this connection; a field the client fills in is only a claim");
        assertHasError(validate("{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hi\",\"isAdmin\":true}", "eve"),
                "isAdmin", "unknown fields are refused: code added later may start trusting a field nobody checked");
    }

    @Test
    @DisplayName("A field given twice is refused")
    void refusesDuplicateFields() {
        Validation result = validate("{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hi\",\"text\":\"<script>\"}", "ada");
        assertFalse(result.ok(), "{..., \"text\":\"hi\", \"text\":\"<script>\"} was accepted as " + result.message()
                + ". With a field given twice, a filter that reads the first value and a handler that reads the last"
                + " see different messages. Enable StreamReadFeature.STRICT_DUPLICATE_DETECTION on the mapper.");
        assertNull(result.message(), "a refused message must not also be returned as accepted");
    }

    static Stream<Arguments> notOneObject() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("plain text", "hello"),
                Arguments.of("an array", "[{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hi\"}]"),
                Arguments.of("a string", "\"chat\""),
                Arguments.of("a number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("cut off", "{\"type\":\"chat\",\"room\":\"general\",\"text\":\"hi"),
                Arguments.of("two objects", "{\"type\":\"chat\",\"room\":\"general\",\"text\":\"a\"}"
                        + "{\"type\":\"chat\",\"room\":\"general\",\"text\":\"b\"}"),
                Arguments.of("nested 5000 deep", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000)),
                Arguments.of("no message at all (null)", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("notOneObject")
    @DisplayName("Anything but one JSON object gets one clear error, never an exception")
    void refusesWhatIsNotOneObject(String what, String json) {
        Validation result = assertDoesNotThrow(() -> validator.validate(json, "ada"), "validate() threw on " + what
                + ". A message is untrusted input: every bad input must become an error, never an exception (an"
                + " exception in onMessage closes the socket with 1011 and fills your log). Catch"
                + " JsonProcessingException, which also covers Jackson's nesting-depth limit.");
        assertNotNull(result, "validate() returned null for " + what);
        assertFalse(result.ok(), what + " was accepted");
        assertNull(result.message(), what + " was refused but a message was returned too");
        assertFalse(result.errors().isEmpty(), what + " was refused without an error");
        for (String error : result.errors()) {
            assertTrue(error.startsWith("message:"), "for " + what + " expected one error about the whole message,"
                    + " starting with \"message:\", but got: " + error);
            assertFalse(error.contains("Exception") || error.contains("com.fasterxml") || error.contains("\tat "),
                    "the error for " + what + " leaks parser internals to the client: " + error
                            + ". Send a plain sentence of your own; keep exception details for your log.");
        }
    }

    @Test
    @DisplayName("The text is data: kept exactly as sent, neither escaped nor trimmed")
    void keepsTextAsData() {
        for (String text : List.of("<img src=x onerror=alert(1)>", "fish & chips", "  two spaces  ", "line one\nline two")) {
            String json = "{\"type\":\"chat\",\"room\":\"general\",\"text\":" + jsonString(text) + "}";
            Validation result = validate(json, "ada");
            assertTrue(result.ok(), "the text " + jsonString(text) + " was refused with " + result.errors()
                    + ". Markup in a chat line is harmless text when rendered with textContent;"
                    + " it is not the validator's job to forbid it.");
            assertEquals(text, result.message().text(), "the text " + jsonString(text) + " came back changed."
                    + " Validation decides whether a message is acceptable; it does not rewrite it. Escaping belongs"
                    + " where the text is displayed (textContent in the page), or it gets escaped twice or not at all.");
        }
    }

    // ---- helpers ----

    private Validation validate(String json, String sender) {
        Validation result = validator.validate(json, sender);
        assertNotNull(result, "validate() returned null");
        assertNotNull(result.errors(), "validate() returned errors = null; use an empty list");
        return result;
    }

    private static void assertHasError(Validation result, String field, String why) {
        assertFalse(result.ok(), "a message was accepted although " + why + " (expected an error starting with \""
                + field + ":\")");
        assertNull(result.message(), "a refused message must not also be returned as accepted");
        assertTrue(result.errors().stream().anyMatch(e -> e.startsWith(field + ":")), "expected an error starting with \""
                + field + ":\" because " + why + ", but the errors were " + result.errors());
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
