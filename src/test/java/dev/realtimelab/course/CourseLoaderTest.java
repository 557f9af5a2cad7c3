package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CourseLoaderTest {
    @TempDir
    Path root;

    CourseLoader loader(boolean reload) {
        return new CourseLoader(root, new LessonRenderer(Map.of(), new Includes(root)), reload);
    }

    void write(String name, String text) throws IOException {
        Files.writeString(root.resolve(name), text);
    }

    static String lesson(String title, String body) {
        return "---\ntitle: " + title + "\nsummary: About " + title + "\nminutes: 5\n---\n" + body;
    }

    @Test
    void lessonsAreOrderedByNumberWithSlugsFromTheirFileNames() throws IOException {
        write("02-second-one.md", lesson("Second", "Text."));
        write("01-first.md", lesson("First", "Go to [next](02-second-one.md)."));
        write("notes.txt", "ignored");
        Course course = loader(false).current();
        assertEquals(2, course.lessons().size());
        assertEquals("first", course.lessons().get(0).slug());
        assertEquals("second-one", course.lessons().get(1).slug());
        assertEquals("Second", course.next(course.lessons().get(0)).orElseThrow().title());
        assertTrue(course.problems().isEmpty(), course.problems().toString());
    }

    @Test
    void badFrontMatterIsReportedPerField() throws IOException {
        write("01-a.md", "---\ntitle: A\nminutes: soon\ncolour: red\n---\nBody");
        write("02-b.md", "No front matter at all");
        var problems = loader(false).current().problems();
        assertTrue(problems.contains("01-a.md: front matter: 'summary' is missing"), problems.toString());
        assertTrue(problems.contains("01-a.md: front matter: 'minutes' must be a whole number above 0"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("01-a.md: front matter: unknown key 'colour'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("02-b.md: front matter: the file must start with")), problems.toString());
    }

    @Test
    void frontMatterEdgeCasesReadAsExercisesReadThem() throws IOException {
        write("01-bom.md", "\uFEFF" + lesson("Bom", "Text."));
        write("02-crlf.md", lesson("Crlf", "Text.\n").replace("\n", "\r\n"));
        write("03-yaml.md", "---\ntitle: Rooms: the hub\nsummary: S\nminutes: 5\n---\nText.");
        Course course = loader(false).current();
        assertEquals("Bom", course.lessons().get(0).title());
        assertEquals("Crlf", course.lessons().get(1).title());
        assertEquals(java.util.List.of("03-yaml.md: front matter: not valid YAML on line 2: mapping values are not allowed here"
                + " (put a value that contains ': ' in double quotes)"), course.problems(),
                "the file and the line are named, and the fields it could not read are not listed as missing too");
    }

    @Test
    void duplicateSlugsNumbersAndBrokenLinksAreCaught() throws IOException {
        write("01-same.md", lesson("One", "See [missing](09-missing.md)."));
        write("02-same.md", lesson("Two", ""));
        write("02-other.md", lesson("Three", ""));
        var problems = loader(false).current().problems();
        assertTrue(problems.contains("01-same.md: links to 09-missing.md, which is not a lesson"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("the slug 'same' is already used")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("the number 02 is already used")), problems.toString());
    }

    @Test
    void anchorsPagesAndQuizLinksAreCheckedToo() throws IOException {
        write("01-first.md", lesson("First", "## Real heading\n\n[ok](02-second.md#other-heading), [here](#real-heading), "
                + "[page](/lessons/second), [gone](02-second.md#no-such-heading), [lost](#nowhere), "
                + "[slug](/lessons/missing), [relative](notes.md), [site](https://www.rfc-editor.org/rfc/rfc6455)\n\n"
                + "```quiz\n- question: \"See [it](02-second.md#nor-this) and [that](07-gone.md)\"\n  answers:\n"
                + "    - {text: yes, correct: true, explain: right}\n    - {text: no, explain: wrong}\n```\n"));
        write("02-second.md", lesson("Second", "## Other heading\n"));
        CourseLoader loader = new CourseLoader(root, new LessonRenderer(Map.of("quiz", new QuizDirective()), new Includes(root)), false);
        var problems = loader.current().problems();
        assertTrue(problems.contains("01-first.md: link /lessons/second#no-such-heading: the lesson 02-second.md has no heading 'no-such-heading'"), problems.toString());
        assertTrue(problems.contains("01-first.md: link #nowhere: this lesson has no heading or element with that id"), problems.toString());
        assertTrue(problems.contains("01-first.md: link /lessons/missing: there is no lesson 'missing'"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("01-first.md: link notes.md: a relative link")), problems.toString());
        assertTrue(problems.contains("01-first.md: links to 07-gone.md, which is not a lesson"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("/lessons/second#nor-this")), "quiz text is checked: " + problems);
        assertEquals(7, problems.size(), problems.toString());
    }

    @Test
    void aFragmentShownOutsideTheLessonsIsCheckedAndItsLessonLinksWork() throws IOException {
        write("01-first.md", lesson("First", "## Real heading\n"));
        Course course = loader(false).current();
        assertEquals(java.util.List.of(), course.fragmentLinkProblems("See [lesson 01](01-first.md#real-heading)."));
        assertEquals(java.util.List.of("links to 06-rooms.md, which is not a lesson", "link /lessons/rooms: there is no lesson 'rooms'"),
                course.fragmentLinkProblems("See [lesson 06](06-rooms.md)."));
        assertTrue(LessonRenderer.inline("See [lesson 01](01-first.md#real-heading).").contains("href=\"/lessons/first#real-heading\""));
    }

    @Test
    void devModeReparsesAfterAChangeAndOtherwiseReusesTheCourse() throws Exception {
        write("01-a.md", lesson("Before", ""));
        CourseLoader loader = loader(true);
        Course first = loader.current();
        Thread.sleep(350);
        assertSame(first, loader.current(), "nothing changed: the parsed course is reused");
        write("01-a.md", lesson("After!", ""));
        Files.setLastModifiedTime(root.resolve("01-a.md"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Thread.sleep(350);
        Course second = loader.current();
        assertNotSame(first, second);
        assertEquals("After!", second.lessons().get(0).title());
    }

    @Test
    void searchFindsSectionsWithEveryWordHeadingsFirst() throws IOException {
        write("01-a.md", lesson("Streams", "## Reconnection\n\nThe browser sends Last-Event-ID.\n\n## Other\n\nreconnection is mentioned here.\n"));
        Course course = loader(false).current();
        var hits = course.search("reconnection", 10);
        assertEquals("Reconnection", hits.get(0).heading());
        assertEquals("/lessons/a#reconnection", hits.get(0).href());
        assertEquals(1, course.search("last-event-id browser", 10).size());
        assertTrue(course.search("nothing-like-this", 10).isEmpty());
    }
}
