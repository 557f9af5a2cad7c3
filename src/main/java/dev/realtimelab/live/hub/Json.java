package dev.realtimelab.live.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small JSON objects with their fields in a fixed order, so the lessons can show them as sent. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** {@code object("seq", 12, "text", "hi")} is {@code {"seq":12,"text":"hi"}}; null values are left out. */
    public static String object(Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name/value pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                object.put((String) fields[i], fields[i + 1]);
            }
        }
        return write(object);
    }

    /** Any value as JSON, with its null fields written out (unlike {@link #object}). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Only a value Jackson cannot map ends up here: a programming error, not bad input.
            throw new IllegalStateException("cannot encode "
                    + (value instanceof Map<?, ?> map ? map.keySet() : value.getClass().getName()), e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A client's message read as a JSON object; null for anything else (blank, malformed, an array). */
    public static JsonNode objectOrNull(String text) {
        try {
            JsonNode node = text == null || text.isBlank() ? null : MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
