package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LessonRendererTest {
    final LessonRenderer renderer = new LessonRenderer(Map.of(
            "quiz", new QuizDirective(),
            "demo", block -> "<div data-demo=\"" + block.argument() + "\"></div>"),
            new Includes(Path.of("").toAbsolutePath()));

    @Test
    void headingsGetAnchorsAndAreListed() {
        var result = renderer.render("01-x.md", "## The `id` field\n\ntext\n\n### Details\n");
        assertEquals(List.of(new Lesson.Heading(2, "the-id-field", "The id field"), new Lesson.Heading(3, "details", "Details")),
                result.headings());
        assertTrue(result.html().contains("<h2 id=\"the-id-field\">The <code>id</code> field"), result.html());
        assertTrue(result.html().contains("href=\"#the-id-field\""));
    }

    @Test
    void tablesRender() {
        var html = renderer.render("01-x.md", "| a | b |\n|---|---|\n| 1 | 2 |\n").html();
        assertTrue(html.contains("<table>") && html.contains("<td>2</td>"), html);
    }

    @Test
    void tablesAndCodeScrollInANamedBoxAKeyboardCanReach() {
        var html = renderer.render("01-x.md", "| code | \"meaning\" |\n|---|---|\n| 1 | 2 |\n\n```java\nint a;\n```\n\n| x |\n|---|\n| y |\n").html();
        assertTrue(html.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"Table: code, &quot;meaning&quot;\"><table>"), html);
        assertTrue(html.contains("aria-label=\"Table: x\"><table>"), html);
        assertEquals(2, html.split("</table></div>", -1).length - 1, html);
        var pre = html.substring(html.indexOf("<pre"), html.indexOf("<code class=\"language-java\">"));
        assertTrue(pre.contains("tabindex=\"0\"") && pre.contains("role=\"group\"") && pre.contains("aria-label=\"java code\""), pre);
    }

    @Test
    void lessonLinksByFileNameBecomeCourseUrlsAndAreRecorded() {
        var result = renderer.render("01-x.md", "See [the stream](02-event-stream.md#fields) and [web](https://example.org).");
        assertTrue(result.html().contains("href=\"/lessons/event-stream#fields\""), result.html());
        assertEquals(java.util.Set.of("02-event-stream.md"), result.linkedFiles());
    }

    @Test
    void rawHtmlInALessonIsEscaped() {
        var html = renderer.render("01-x.md", "<script>alert(1)</script>\n\nand <b>bold</b>").html();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
    }

    @Test
    void codeBlocksKeepTheirLanguageForHighlighting() {
        var html = renderer.render("01-x.md", "```java\nint a = 1 < 2 ? 1 : 0;\n```\n").html();
        assertTrue(html.contains("<code class=\"language-java\">int a = 1 &lt; 2 ? 1 : 0;</code>"), html);
    }

    @Test
    void includeShowsTheRegionWithItsSource() {
        var result = renderer.render("01-x.md", "```java include=src/main/java/dev/realtimelab/live/transport/EventStream.java#event\n```\n");
        assertTrue(result.problems().isEmpty(), result.problems().toString());
        assertTrue(result.html().contains("public boolean send(String id, String event, String data)"), result.html());
        assertTrue(result.html().contains("EventStream.java \u00b7 region event"), result.html());
    }

    @Test
    void aMissingIncludeIsAProblemAndAnErrorBoxNotAnException() {
        var result = renderer.render("01-x.md", "```java include=src/main/java/Nope.java#x\n```\n");
        assertEquals(1, result.problems().size());
        assertTrue(result.html().contains("class=\"lesson-error\""), result.html());
    }

    @Test
    void directivesAreDispatchedByName() {
        var html = renderer.render("01-x.md", "```demo ws-echo\n```\n").html();
        assertTrue(html.contains("<div data-demo=\"ws-echo\"></div>"), html);
    }

    @Test
    void quizRendersQuestionsAnswersAndHiddenExplanations() {
        var html = renderer.render("01-x.md", """
                ```quiz
                - question: Which status stops `EventSource` for good?
                  answers:
                    - text: "`204 No Content`"
                      correct: true
                      explain: A 204 tells it not to reconnect.
                    - text: A network error
                      explain: That makes it retry.
                ```
                """).html();
        assertTrue(html.contains("<section class=\"quiz\""), html);
        assertTrue(html.contains("Which status stops <code>EventSource</code> for good?"), html);
        assertTrue(html.contains("data-correct=\"true\"><code>204 No Content</code></button>"), html);
        assertTrue(html.contains("<p class=\"quiz-explain\" hidden>Not quite. That makes it retry.</p>"), html);
    }

    @Test
    void quizMistakesAreReportedClearly() {
        var twoCorrect = renderer.render("01-x.md", """
                ```quiz
                - question: Q?
                  answers:
                    - {text: a, correct: true, explain: x}
                    - {text: b, correct: true, explain: y}
                ```
                """);
        assertTrue(twoCorrect.problems().get(0).contains("exactly one answer"), twoCorrect.problems().toString());
        var noExplain = renderer.render("01-x.md", "```quiz\n- question: Q?\n  answers:\n    - {text: a, correct: true}\n    - {text: b, explain: y}\n```\n");
        assertTrue(noExplain.problems().get(0).contains("'explain' is missing"), noExplain.problems().toString());
        var notYaml = renderer.render("01-x.md", "```quiz\n- question: [unclosed\n```\n");
        assertTrue(notYaml.problems().get(0).startsWith("quiz: not valid YAML"), notYaml.problems().toString());
    }

    @Test
    void sectionsCarryTheTextUnderEachHeadingForSearch() {
        var sections = renderer.render("01-x.md", "Intro words.\n\n## Retry\n\nThe `retry` field sets the delay.\n").sections();
        assertEquals(2, sections.size());
        assertEquals("retry", sections.get(1).headingId());
        assertTrue(sections.get(1).text().contains("The retry field sets the delay."), sections.get(1).text());
    }
}
