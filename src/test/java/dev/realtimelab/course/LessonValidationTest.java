package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.TestApp;
import dev.realtimelab.grading.Exercise;
import dev.realtimelab.grading.ExerciseCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every lesson of the real course loads with no problem: front matter, includes and their
 * regions, demos, exercises, quizzes, unique slugs, and every link of every page (quiz text and
 * exercise cards included) to a lesson that exists and a heading it has. The app is started
 * so the check uses exactly the directives the running course has.
 */
class LessonValidationTest extends AppTest {
    private static final Pattern HREF = Pattern.compile("\\shref=\"([^\"]*)\"");

    @TestFactory
    Stream<DynamicTest> everyLessonIsSound() {
        Course course = app.course();
        return course.lessons().stream().map(lesson -> DynamicTest.dynamicTest(lesson.fileName(), () -> {
            assertEquals(List.of(), lesson.problems(), lesson.fileName() + " has problems");
            assertTrue(lesson.minutes() > 0);
            assertTrue(!lesson.headings().isEmpty(), lesson.fileName() + " has no ## headings for the sidebar");
            assertEquals(200, app.get(lesson.path()).statusCode(), lesson.path());
        }));
    }

    /**
     * Exercise statements and hints are shown on exercise cards and the exercises board, outside
     * the lesson files: every link in them must reach a lesson, and an anchor a heading of it.
     * They come from the exercise catalog, wherever it keeps them.
     */
    @TestFactory
    Stream<DynamicTest> everyExerciseStatementLinksSomewhere() {
        Course course = app.course();
        List<Exercise> exercises = ExerciseCatalog.load(TestApp.ROOT).exercises();
        assertTrue(!exercises.isEmpty(), "the course has exercises");
        return exercises.stream().map(exercise -> DynamicTest.dynamicTest(exercise.id(), () -> {
            List<String> problems = new ArrayList<>(course.fragmentLinkProblems(exercise.statement()));
            exercise.hints().forEach(hint -> problems.addAll(course.fragmentLinkProblems(hint)));
            assertEquals(List.of(), problems, exercise.id() + ": statement or hints");
        }));
    }

    /** Links from lessons, quizzes and exercise cards to the app's other pages answer 200. */
    @Test
    void linksToTheAppsOtherPagesAnswer() {
        Set<String> pages = new TreeSet<>();
        for (Lesson lesson : app.course().lessons()) {
            Matcher href = HREF.matcher(app.get(lesson.path()).body());
            while (href.find()) {
                String path = href.group(1).replace("&amp;", "&").replaceAll("#.*$", "");
                if (path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/sse/") && !path.startsWith("/ws/")) {
                    pages.add(path);
                }
            }
        }
        assertTrue(pages.contains("/lessons/rooms"), "lesson links become page links: " + pages);
        for (String page : pages) {
            assertEquals(200, app.get(page).statusCode(), page);
        }
    }

    @Test
    void theCourseStartsAtLessonZeroWithNoGaps() {
        List<Lesson> lessons = app.course().lessons();
        assertTrue(lessons.size() >= 2, "lessons 00 and 01 at least");
        for (int i = 0; i < lessons.size(); i++) {
            assertEquals(i, lessons.get(i).number(), "lesson numbers run 00, 01, 02, ... without a gap");
        }
    }
}
