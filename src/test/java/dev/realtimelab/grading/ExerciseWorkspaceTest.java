package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The learner's workspace on a temporary copy of the fixture: written from the starters once,
 * never overwritten, an old tracked workspace moved over, each exercise graded on its own,
 * stray files named and not compiled, reset.
 */
class ExerciseWorkspaceTest {
    Path root;

    @BeforeEach
    void copy() {
        root = GradingFixture.copy();
    }

    @AfterEach
    void delete() {
        GradingFixture.delete(root);
    }

    ExerciseWorkspace workspace() {
        return new ExerciseWorkspace(ExerciseCatalog.load(root));
    }

    @Test
    void theFirstRunWritesTheStartersAndLaterRunsNeverOverwrite() {
        assertFalse(Files.exists(root.resolve("workspace")));
        List<String> said = workspace().prepare();
        assertEquals(List.of("Wrote the exercise adder into your workspace, workspace/ (git ignores it): edit your exercises there."), said);
        assertEquals(GradingFixture.starter(), GradingFixture.read(root.resolve(GradingFixture.ADDER)));

        GradingFixture.write(root.resolve(GradingFixture.ADDER), "my work");
        assertEquals(List.of(), workspace().prepare(), "a complete workspace: nothing to do, nothing to say");
        assertEquals("my work", GradingFixture.read(root.resolve(GradingFixture.ADDER)));
    }

    @Test
    void theLearnersWorkInTheOldTrackedWorkspaceIsMovedOverOnce() throws Exception {
        Path old = root.resolve("src/exercises/java/dev/realtimelab/exercises/adder");
        Files.createDirectories(old);
        GradingFixture.write(old.resolve("Adder.java"), "my work from before");
        GradingFixture.write(old.resolve("AdderTest.java"), "the grader, as it was tracked then");

        List<String> said = workspace().prepare();
        assertEquals("my work from before", GradingFixture.read(root.resolve(GradingFixture.ADDER)));
        assertTrue(said.contains("Moved your work on adder (Adder.java) from src/exercises/java/dev/realtimelab/exercises/adder/"
                + " to workspace/adder/dev/realtimelab/exercises/adder/: edit it there from now on."), said.toString());
        assertTrue(said.contains("The exercises no longer live in src/exercises/java/; that folder is kept as"
                + " .realtime-lab/old-workspace/ in case you want something from it."), said.toString());
        assertFalse(Files.exists(root.resolve("src/exercises/java")), "moved out of the course's sources");
        assertEquals("my work from before", GradingFixture.read(root.resolve(
                ".realtime-lab/old-workspace/dev/realtimelab/exercises/adder/Adder.java")), "and kept whole");

        GradingFixture.write(root.resolve(GradingFixture.ADDER), "edited since");
        assertEquals(List.of(), workspace().prepare(), "once only");
        assertEquals("edited since", GradingFixture.read(root.resolve(GradingFixture.ADDER)));
    }

    @Test
    void eachExerciseIsGradedOnItsOwnAndStrayFilesAreNamedNotCompiled() throws Exception {
        String twin = GradingFixture.addTwin(root);
        try (Exercises exercises = Exercises.open(root)) {
            Path twinFile = root.resolve("workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java");
            GradingFixture.write(twinFile, GradingFixture.variant("Broken").replace("exercises.adder;", "exercises.adderagain;"));
            GradingFixture.write(root.resolve(GradingFixture.ADDER), GradingFixture.solution());

            Verdict passed = exercises.check("adder");
            assertEquals(Verdict.Status.PASSED, passed.status(), "the other exercise does not compile; this one passes all the same: " + passed);

            Verdict broken = exercises.check(twin);
            assertEquals(Verdict.Status.COMPILE_ERROR, broken.status(), broken.toString());
            assertEquals(List.of("workspace/adder-again/dev/realtimelab/exercises/adderagain/Adder.java"),
                    broken.compileErrors().stream().map(Verdict.CompileError::file).distinct().toList());

            // A file the exercise does not have: named in the verdict, and not compiled (it would not).
            Path stray = root.resolve(GradingFixture.ADDER).resolveSibling("Helper.java");
            GradingFixture.write(stray, "package dev.realtimelab.exercises.adder; class Helper { not java }");
            Verdict withStray = exercises.check("adder");
            assertEquals(Verdict.Status.PASSED, withStray.status(), withStray.toString());
            assertTrue(withStray.summary().endsWith("All 4 tests passed. Not compiled: workspace/adder/dev/realtimelab/exercises/adder/Helper.java."
                    + " Only Adder.java is graded in this exercise; put your code there."), withStray.summary());

            // Reset keeps both files in the backup, and leaves the folder as the starter.
            Exercises.Reset reset = exercises.reset("adder");
            assertEquals(List.of("Adder.java", "Helper.java"), reset.files().stream().sorted().toList());
            assertEquals(GradingFixture.solution(), GradingFixture.read(root.resolve(reset.backup()).resolve("Adder.java")));
            assertTrue(Files.isRegularFile(root.resolve(reset.backup()).resolve("Helper.java")));
            assertFalse(Files.exists(stray));
            assertEquals(GradingFixture.starter(), GradingFixture.read(root.resolve(GradingFixture.ADDER)));

            // A file of the exercise deleted by hand: the verdict says how to get it back.
            Files.delete(root.resolve(GradingFixture.ADDER));
            Verdict missing = exercises.check("adder");
            assertEquals(Verdict.Status.COMPILE_ERROR, missing.status(), missing.toString());
            assertTrue(missing.summary().contains(GradingFixture.ADDER + " is missing: \u201cReset to the starter\u201d brings it back."),
                    missing.summary());
        }
    }

    @Test
    void aChangedFileBelongsToTheExerciseOfItsFirstFolder() {
        ExerciseWorkspace workspace = workspace();
        Path dir = workspace.dir();
        assertEquals(Optional.of("adder"), workspace.exerciseOf(dir.resolve("adder/dev/realtimelab/exercises/adder/Adder.java")));
        assertEquals(Optional.of("adder"), workspace.exerciseOf(dir.resolve("adder/Stray.java")));
        assertEquals(Optional.empty(), workspace.exerciseOf(dir.resolve("Stray.java")));
        assertEquals(Optional.empty(), workspace.exerciseOf(dir.resolve("subtracter/Subtracter.java")));
        assertEquals(Optional.empty(), workspace.exerciseOf(root.resolve(GradingFixture.ADDER_STARTER)));
    }
}
