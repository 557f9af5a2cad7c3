package dev.realtimelab.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML front matter of a Markdown file (a lesson, an exercise's {@code EXERCISE.md}):
 * the one parser for both, so they accept the same files. A byte order mark and CRLF line
 * endings are accepted; an empty front matter ({@code ---} twice) gives no values; the closing
 * {@code ---} may end the file. What is wrong is said in {@link #problems()}, each starting
 * with "front matter:"; the caller puts the file's name in front.
 *
 * @param values   the keys and values, empty when the front matter is missing or unreadable
 * @param body     the text after the closing line (the whole text, normalized, when there is none)
 * @param problems what is wrong, empty when nothing is
 */
public record FrontMatter(Map<?, ?> values, String body, List<String> problems) {
    private static final String FENCE = "---";

    public FrontMatter {
        values = Map.copyOf(values);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the front matter of {@code text}. {@code knownKeys} are the keys the file may use,
     * in the order an author should see them: any other key is a problem.
     */
    public static FrontMatter parse(String text, List<String> knownKeys) {
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        normalized = normalized.replace("\r\n", "\n");
        String known = String.join(", ", knownKeys);
        if (!normalized.startsWith(FENCE + "\n")) {
            return invalid(normalized, "front matter: the file must start with a --- line, then " + known);
        }
        // Searched from the opening line's newline, so "---\n---" (empty front matter) closes too.
        int end = normalized.indexOf("\n" + FENCE + "\n", 3);
        int bodyStart = end + 5;
        if (end < 0 && normalized.endsWith("\n" + FENCE)) {
            end = normalized.length() - 4;
            bodyStart = normalized.length();
        }
        if (end < 0) {
            return invalid(normalized, "front matter: no closing --- line");
        }
        String body = normalized.substring(bodyStart);
        Object yaml;
        try {
            yaml = new Yaml().load(normalized.substring(4, end + 1));
        } catch (YAMLException e) {
            return new FrontMatter(Map.of(), body, List.of("front matter: " + describe(e)));
        }
        if (yaml == null) {
            return new FrontMatter(Map.of(), body, List.of());
        }
        if (!(yaml instanceof Map<?, ?> map)) {
            return new FrontMatter(Map.of(), body, List.of("front matter: expected 'key: value' lines"));
        }
        List<String> problems = new ArrayList<>();
        for (Object key : map.keySet()) {
            if (!knownKeys.contains(String.valueOf(key))) {
                problems.add("front matter: unknown key '" + key + "' (known: " + known + ")");
            }
        }
        // Map.copyOf refuses null values: a key written without a value counts as missing.
        Map<Object, Object> values = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k != null && v != null) {
                values.put(k, v);
            }
        });
        return new FrontMatter(values, body, problems);
    }

    /**
     * True when nothing could be read (no front matter, no closing line, bad YAML): the caller
     * then reports that alone, not every field as missing.
     */
    public boolean unreadable() {
        return values.isEmpty() && !problems.isEmpty();
    }

    /** A required single line of text, stripped; "" (and a problem) when missing or not text. */
    public String text(String key, List<String> problems) {
        Object value = values.get(key);
        if (value == null || value.toString().isBlank()) {
            problems.add("front matter: '" + key + "' is missing");
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problems.add("front matter: '" + key + "' must be a single line of text");
            return "";
        }
        return value.toString().strip();
    }

    /** An optional single line of text: "" when absent. */
    public String optionalText(String key) {
        Object value = values.get(key);
        return value == null || value instanceof Map<?, ?> || value instanceof List<?> ? "" : value.toString().strip();
    }

    /**
     * A list of non-empty texts. Missing: a problem when {@code required}, else an empty list.
     */
    public List<String> texts(String key, boolean required, List<String> problems) {
        Object value = values.get(key);
        if (value == null) {
            if (required) {
                problems.add("front matter: '" + key + "' is missing (a YAML list: lines starting with '- ')");
            }
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add("front matter: '" + key + "' must be a YAML list (lines starting with '- ')");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?> || item.toString().isBlank()) {
                problems.add("front matter: every item of '" + key + "' must be non-empty text (quote it if it contains ': ')");
            } else {
                out.add(item.toString().strip());
            }
        }
        return List.copyOf(out);
    }

    private static FrontMatter invalid(String normalized, String problem) {
        return new FrontMatter(Map.of(), normalized, List.of(problem));
    }

    /** The YAML error with its line in the file (counting the opening --- line), and a fix for the usual one. */
    private static String describe(YAMLException e) {
        String line = e instanceof MarkedYAMLException marked && marked.getProblemMark() != null
                ? " on line " + (marked.getProblemMark().getLine() + 2)
                : "";
        String problem = e instanceof MarkedYAMLException marked && marked.getProblem() != null
                ? marked.getProblem() : e.getMessage().lines().findFirst().orElse("");
        return "not valid YAML" + line + ": " + problem
                + (problem.contains("mapping values") ? " (put a value that contains ': ' in double quotes)" : "");
    }
}
