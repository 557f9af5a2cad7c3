package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on the fixture exercise: compile errors, passes, failures, timeouts, System.exit. */
class GradingEngineTest {
    static final Duration TIMEOUT = Duration.ofSeconds(4);
    static Path root;
    static ExerciseCatalog catalog;
    static ExerciseWorkspace workspace;
    static Exercise adder;
    static GradingEngine engine;

    @BeforeAll
    static void start() {
        root = GradingFixture.copyWithWorkspace();
        catalog = ExerciseCatalog.load(root);
        assertEquals(List.of(), catalog.problems());
        workspace = new ExerciseWorkspace(catalog);
        adder = catalog.find("adder").orElseThrow();
        engine = new GradingEngine(TIMEOUT);
        engine.warmUp();
    }

    @AfterAll
    static void stop() {
        engine.close();
        GradingFixture.delete(root);
    }

    @Test
    void theReferenceSolutionPassesEveryTest() {
        List<GradingProgress> steps = new CopyOnWriteArrayList<>();
        Verdict verdict = engine.grade(catalog.solution(adder), steps::add);

        assertEquals(Verdict.Status.PASSED, verdict.status(), verdict.toString());
        assertEquals("All 4 tests passed.", verdict.summary());
        assertEquals(List.of("adds two small numbers", "adds a negative number",
                        "addsFromATable 0 + 0 = 0", "addsFromATable 1 + 1 = 2"),
                verdict.tests().stream().map(Verdict.TestResult::name).sorted(this::byRunOrder).toList());
        assertEquals("solution", verdict.source());
        assertEquals(GradingProgress.COMPILING, steps.get(0).phase());
        assertTrue(steps.stream().anyMatch(s -> s.test() != null && s.total() == 4),
                "each finished test is reported with the total, for the progress bar: " + steps);
    }

    @Test
    void theUntouchedStarterFailsWithTheGradersMessages() {
        Verdict verdict = engine.grade(catalog.starter(adder), step -> {});

        assertEquals(Verdict.Status.FAILED, verdict.status(), verdict.toString());
        assertEquals("1 of 4 tests passed.", verdict.summary());
        Verdict.TestResult small = test(verdict, "adds two small numbers");
        assertEquals(Verdict.TestResult.FAILED, small.status());
        assertEquals("add(2, 3) should be 5: does add() return a + b? ==> expected: <5> but was: <0>", small.message());
        assertTrue(test(verdict, "addsFromATable 0 + 0 = 0").passed());
    }

    @Test
    void aWrongAnswerFailsWithTheAssertionMessage() {
        Verdict verdict = engine.grade(workspace.submission(adder).replacing("Adder.java", GradingFixture.variant("Wrong")), step -> {});

        assertEquals(Verdict.Status.FAILED, verdict.status(), verdict.toString());
        assertEquals("add(2, -3) should be -1 ==> expected: <-1> but was: <5>", test(verdict, "adds a negative number").message());
        assertEquals("workspace", verdict.source());
    }

    @Test
    void aCompileErrorNamesTheFileAndTheLine() {
        Verdict verdict = engine.grade(workspace.submission(adder).replacing("Adder.java", GradingFixture.variant("Broken")), step -> {});

        assertEquals(Verdict.Status.COMPILE_ERROR, verdict.status(), verdict.toString());
        assertEquals("Does not compile: 1 error.", verdict.summary());
        Verdict.CompileError error = verdict.compileErrors().get(0);
        assertEquals(GradingFixture.ADDER, error.file());
        assertEquals(8, error.line());
        assertEquals("';' expected", error.message());
        assertTrue(verdict.tests().isEmpty());
    }

    @Test
    void anEndlessLoopTimesOutAndTheNextGradingStillWorks() {
        Verdict looped = engine.grade(workspace.submission(adder).replacing("Adder.java", GradingFixture.variant("Loops")), step -> {});

        assertEquals(Verdict.Status.TIMED_OUT, looped.status(), looped.toString());
        assertTrue(looped.summary().startsWith("Timed out after 4 s in the test \u201c"), looped.summary());
        assertTrue(looped.tests().stream().anyMatch(t -> t.message().equals("did not finish within 4 s")), looped.toString());

        Verdict next = engine.grade(catalog.solution(adder), step -> {});
        assertEquals(Verdict.Status.PASSED, next.status(), "after a timeout the replaced worker grades again: " + next);
    }

    @Test
    void systemExitInTheLearnersCodeEndsOnlyTheWorker() {
        Verdict exited = engine.grade(workspace.submission(adder).replacing("Adder.java", GradingFixture.variant("Exits")), step -> {});

        assertEquals(Verdict.Status.ERROR, exited.status(), exited.toString());
        assertTrue(exited.summary().startsWith("The code called System.exit(3) during the test \u201c"), exited.summary());
        assertTrue(exited.output().contains("about to exit"), "what the code printed is kept: " + exited.output());

        // This JVM (standing in for the app) is still here, and the next grading works.
        Verdict next = engine.grade(catalog.solution(adder), step -> {});
        assertEquals(Verdict.Status.PASSED, next.status(), next.toString());
    }

    private static Verdict.TestResult test(Verdict verdict, String name) {
        return verdict.tests().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no test named " + name + " in " + verdict.tests()));
    }

    private int byRunOrder(String a, String b) {
        List<String> order = new ArrayList<>(List.of("adds two small numbers", "adds a negative number"));
        int ia = order.indexOf(a);
        int ib = order.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
