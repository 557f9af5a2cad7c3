package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every lesson of the real course loads with no problem: front matter, includes and their
 * regions, demos, exercises, quizzes, links between lessons, unique slugs. The app is started
 * so the check uses exactly the directives the running course has.
 */
class LessonValidationTest extends AppTest {
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

    @Test
    void theCourseStartsAtLessonZeroWithNoGaps() {
        List<Lesson> lessons = app.course().lessons();
        assertTrue(lessons.size() >= 2, "lessons 00 and 01 at least");
        for (int i = 0; i < lessons.size(); i++) {
            assertEquals(i, lessons.get(i).number(), "lesson numbers run 00, 01, 02, ... without a gap");
        }
    }
}
