package dev.realtimelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.grading.GradingFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** realtime-lab list / check ID / hint ID, on a temporary copy of the fixture course. */
class ExerciseCliTest {
    static Path root;

    record Outcome(int code, String out, String err) {}

    @BeforeAll
    static void copy() {
        root = GradingFixture.copy();
    }

    @AfterAll
    static void delete() {
        GradingFixture.delete(root);
    }

    static Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(List.of(args));
            return new Outcome(code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void checkGradesTheWorkspaceAndListShowsTheState() {
        Outcome starter = run("check", "adder", "--root", root.toString());
        assertEquals(1, starter.code(), starter.out());
        assertTrue(starter.out().contains("adder: failed. 1 of 4 tests passed."), starter.out());
        assertTrue(starter.out().contains("  FAIL adds two small numbers"), starter.out());
        assertTrue(starter.out().contains("add(2, 3) should be 5: does add() return a + b? ==> expected: <5> but was: <0>"), starter.out());
        assertTrue(starter.out().contains("Stuck? realtime-lab hint adder shows hint 1 of 2."), starter.out());

        Outcome listed = run("list", "--root", root.toString());
        assertEquals(0, listed.code());
        assertTrue(listed.out().matches("(?s).*failed\\s+adder\\s+fixture\\s+workspace/adder/dev/realtimelab/exercises/adder/Adder.java.*"), listed.out());
        assertTrue(listed.out().contains("Your code lives in workspace/"), listed.out());
        assertTrue(listed.out().contains("Progress: 0 of 1 exercises passed (0%)"), listed.out());

        GradingFixture.write(root.resolve(GradingFixture.ADDER), GradingFixture.solution());
        Outcome solved = run("check", "adder", "--root", root.toString());
        assertEquals(0, solved.code(), solved.out());
        assertTrue(solved.out().contains("adder: passed. All 4 tests passed."), solved.out());
        assertTrue(run("list", "--root", root.toString()).out().contains("Progress: 1 of 1 exercises passed (100%)"));
    }

    @Test
    void aBrokenExerciseNeverStopsCheckFromGradingAnother() {
        Path other = GradingFixture.copy();
        try {
            String twin = GradingFixture.addTwin(other);
            Outcome listed = run("list", "--root", other.toString());
            assertTrue(listed.out().contains("workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java"), listed.out());
            GradingFixture.write(other.resolve("workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java"),
                    GradingFixture.variant("Broken").replace("exercises.adder;", "exercises.adderagain;"));
            GradingFixture.write(other.resolve(GradingFixture.ADDER), GradingFixture.solution());
            GradingFixture.write(other.resolve(GradingFixture.ADDER).resolveSibling("Scratch.java"), "not java at all");

            Outcome adder = run("check", "adder", "--root", other.toString());
            assertEquals(0, adder.code(), adder.out());
            assertTrue(adder.out().contains("adder: passed. All 4 tests passed. Not compiled: "
                    + "workspace/adder/dev/realtimelab/exercises/adder/Scratch.java."), adder.out());

            Outcome broken = run("check", twin, "--root", other.toString());
            assertEquals(1, broken.code(), broken.out());
            assertTrue(broken.out().contains("adder-again: compile error. Does not compile: 1 error."), broken.out());
            assertTrue(broken.out().contains("  workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java:8:"), broken.out());
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void hintPrintsTheNextHintUntilTheLast() {
        Path other = GradingFixture.copy();
        try {
            assertEquals("Hint 1 of 2: Look at what `add` returns now: always 0.\n", run("hint", "adder", "--root", other.toString()).out());
            assertTrue(run("hint", "adder", "--root", other.toString()).out().endsWith("Hint 2 of 2: Java's `+` adds two ints; return `a + b`.\n"));
            assertTrue(run("hint", "adder", "--root", other.toString()).out().contains("That was the last hint."));
        } finally {
            GradingFixture.delete(other);
        }
    }

    @Test
    void anUnknownExerciseOrAMissingIdIsExplained() {
        Outcome unknown = run("check", "subtracter", "--root", root.toString());
        assertEquals(1, unknown.code());
        // (The first command run on a course also says that it wrote the workspace.)
        assertTrue(unknown.err().endsWith("realtime-lab: no exercise 'subtracter' (known: adder)\n"), unknown.err());
        var missing = assertThrows(Main.UsageException.class, () -> Main.run(List.of("hint", "--root", root.toString())));
        assertEquals("hint needs an exercise id (realtime-lab list shows them)", missing.getMessage());
    }
}
