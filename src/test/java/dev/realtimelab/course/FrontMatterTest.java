package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one front matter parser of lessons and exercises, and its edge cases. */
class FrontMatterTest {
    static final List<String> KEYS = List.of("title", "minutes");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plain", "byte order mark", "CRLF", "closing line ends the file"})
    void theSameFrontMatterReadsTheSameWhateverTheFileLooksLike(String variant) {
        String text = "---\ntitle: Rooms\nminutes: 20\n---\nThe body.\n";
        text = switch (variant) {
            case "byte order mark" -> "\uFEFF" + text;
            case "CRLF" -> text.replace("\n", "\r\n");
            case "closing line ends the file" -> "---\ntitle: Rooms\nminutes: 20\n---";
            default -> text;
        };
        FrontMatter front = FrontMatter.parse(text, KEYS);
        assertEquals(List.of(), front.problems());
        assertEquals(Map.of("title", "Rooms", "minutes", 20), front.values());
        assertEquals(variant.startsWith("closing") ? "" : "The body.\n", front.body());
    }

    @Test
    void anEmptyFrontMatterHasNoValuesAndNoProblem() {
        FrontMatter front = FrontMatter.parse("---\n---\nBody", KEYS);
        assertEquals(List.of(), front.problems());
        assertEquals(Map.of(), front.values());
        assertEquals("Body", front.body());
        List<String> problems = new ArrayList<>();
        assertEquals("", front.text("title", problems));
        assertEquals(List.of("front matter: 'title' is missing"), problems, "the caller says what is missing");
    }

    @Test
    void eachMistakeIsNamed() {
        assertEquals(List.of("front matter: the file must start with a --- line, then title, minutes"),
                FrontMatter.parse("title: Rooms\n", KEYS).problems());
        assertEquals("title: Rooms\n", FrontMatter.parse("title: Rooms\n", KEYS).body(), "without front matter, all of it is body");
        assertEquals(List.of("front matter: no closing --- line"), FrontMatter.parse("---\ntitle: Rooms\nBody\n", KEYS).problems());
        assertEquals(List.of("front matter: not valid YAML on line 2: mapping values are not allowed here"
                        + " (put a value that contains ': ' in double quotes)"),
                FrontMatter.parse("---\ntitle: Rooms: the hub\n---\n", KEYS).problems());
        assertEquals(List.of("front matter: expected 'key: value' lines"), FrontMatter.parse("---\n- a list\n---\n", KEYS).problems());
        assertEquals(List.of("front matter: unknown key 'colour' (known: title, minutes)"),
                FrontMatter.parse("---\ntitle: Rooms\ncolour: blue\n---\n", KEYS).problems());
    }

    @Test
    void typedValuesSayWhatIsWrong() {
        FrontMatter front = FrontMatter.parse("---\ntitle: [a, b]\nminutes: 3\n---\n", List.of("title", "minutes", "hints"));
        List<String> problems = new ArrayList<>();
        assertEquals("", front.text("title", problems));
        assertEquals(List.of(), front.texts("hints", false, problems));
        assertEquals(List.of(), front.texts("minutes", false, problems));
        assertEquals(List.of("front matter: 'title' must be a single line of text",
                "front matter: 'minutes' must be a YAML list (lines starting with '- ')"), problems);
    }
}
