package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TestApp;
import dev.realtimelab.course.Lesson;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every exercise of the real course, through the same engine the app uses, on its authored
 * copies (src/exercises/ID): the reference solution passes every test of its grader, and the
 * untouched starter fails it, so a grader that cannot fail is caught. The learner's workspace is
 * never compiled here.
 */
class ReferenceSolutionsTest {
    static final ExerciseCatalog CATALOG = ExerciseCatalog.load(TestApp.ROOT);
    /**
     * Longer than the learner's 10 s: a busy CI machine must not turn a slow grader into a
     * false alarm, while a starter that hangs its grader is still caught.
     */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);
    static GradingEngine engine;

    @BeforeAll
    static void start() {
        engine = new GradingEngine(TIMEOUT);
        engine.warmUp();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void everyExerciseFolderHasSoundMetadata() {
        assertEquals(List.of(), CATALOG.problems());
    }

    @Test
    void exercisesAndLessonsNameEachOther() {
        try (TestApp app = new TestApp()) {
            Map<String, Lesson> lessons = app.course().lessons().stream().collect(Collectors.toMap(Lesson::slug, l -> l));
            for (Exercise exercise : CATALOG.exercises()) {
                assertTrue(lessons.containsKey(exercise.lesson()), exercise.id() + ": its lesson '" + exercise.lesson()
                        + "' is not a lesson slug (known: " + lessons.keySet() + ")");
                Lesson home = lessons.get(exercise.lesson());
                assertTrue(home.exercises().contains(exercise.id()) && home.html().contains("data-exercise=\"" + exercise.id() + "\""),
                        exercise.id() + ": " + home.fileName() + " must list it in its front matter and show its card (```exercise "
                                + exercise.id() + ")");
            }
            for (Lesson lesson : lessons.values()) {
                for (String id : lesson.exercises()) {
                    assertTrue(CATALOG.find(id).isPresent(), lesson.fileName() + " lists the exercise '" + id + "', which does not exist");
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> everyExercise() {
        return CATALOG.exercises().stream().map(exercise -> DynamicContainer.dynamicContainer(exercise.id(), Stream.of(
                DynamicTest.dynamicTest("the reference solution passes every test", () -> solutionPasses(exercise)),
                DynamicTest.dynamicTest("the untouched starter fails", () -> starterFails(exercise)))));
    }

    static void solutionPasses(Exercise exercise) {
        Verdict verdict = engine.grade(CATALOG.solution(exercise), step -> {});
        assertEquals(Verdict.Status.PASSED, verdict.status(), () -> exercise.id() + ": the reference solution must pass: " + describe(verdict));
    }

    static void starterFails(Exercise exercise) {
        Verdict verdict = engine.grade(CATALOG.starter(exercise), step -> {});
        assertEquals(Verdict.Status.FAILED, verdict.status(), () -> exercise.id()
                + ": the untouched starter must compile and fail its grader (a grader that passes it cannot fail): " + describe(verdict));
    }

    static String describe(Verdict verdict) {
        StringBuilder text = new StringBuilder(verdict.status().label() + ": " + verdict.summary());
        verdict.compileErrors().forEach(e -> text.append("\n  ").append(e));
        verdict.tests().stream().filter(t -> !t.passed())
                .forEach(t -> text.append("\n  ").append(t.status()).append(" ").append(t.name()).append(": ").append(t.message()));
        if (!verdict.output().isBlank()) {
            text.append("\n  output: ").append(verdict.output().strip());
        }
        return text.toString();
    }
}
