package dev.realtimelab.grading;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The exercise commands of the command line: {@code list} (every exercise and its state, in
 * the spirit of rustlings' list), {@code check ID} (grade the workspace once) and
 * {@code hint ID} (the next hint). Each returns the process's exit code.
 */
public final class ExerciseCli {
    private final Exercises exercises;
    private final PrintStream out;

    public ExerciseCli(Exercises exercises, PrintStream out) {
        this.exercises = exercises;
        this.out = out;
    }

    public int list() {
        List<Exercise> all = exercises.catalog().exercises();
        exercises.catalog().problems().forEach(p -> out.println("problem: " + p));
        if (all.isEmpty()) {
            out.println("This course has no exercises yet.");
            return 0;
        }
        Map<String, ProgressStore.Entry> entries = exercises.progress().all();
        int idWidth = Math.max("EXERCISE".length(), all.stream().mapToInt(e -> e.id().length()).max().orElse(0));
        int lessonWidth = Math.max("LESSON".length(), all.stream().mapToInt(e -> e.lesson().length()).max().orElse(0));
        String row = "%-12s %-" + idWidth + "s  %-" + lessonWidth + "s  %s%n";
        out.printf(row, "STATE", "EXERCISE", "LESSON", "FILE TO OPEN");
        long passed = 0;
        for (Exercise exercise : all) {
            ProgressStore.Entry entry = entries.getOrDefault(exercise.id(), ProgressStore.Entry.NEW);
            passed += ProgressStore.Entry.PASSED.equals(entry.state()) ? 1 : 0;
            out.printf(row, entry.stateLabel(), exercise.id(), exercise.lesson(), exercise.fileToOpen());
        }
        out.printf("%nProgress: %d of %d exercises passed (%d%%)%n", passed, all.size(), passed * 100 / all.size());
        out.println("Your code lives in " + ExerciseWorkspace.FOLDER + "/ (one folder per exercise; git ignores it).");
        out.println("Grade one: realtime-lab check ID    or    mvn test -Dexercise=ID");
        return 0;
    }

    /** Grades the workspace version once and prints the verdict: exit 0 on a pass, else 1. */
    public int check(String id) {
        Exercise exercise = exercises.exercise(id);
        out.println("Grading " + exercise.fileToOpen() + " ...");
        Verdict verdict = exercises.check(id);
        out.printf(java.util.Locale.ROOT, "%s: %s. %s (%.1f s)%n", id, verdict.status().label(), verdict.summary(), verdict.totalMillis() / 1000.0);
        for (Verdict.CompileError error : verdict.compileErrors()) {
            out.printf("  %s:%d:%d: %s%n", error.file(), error.line(), error.column(), error.message());
        }
        for (Verdict.TestResult test : verdict.tests()) {
            String mark = switch (test.status()) {
                case Verdict.TestResult.PASSED -> "ok  ";
                case Verdict.TestResult.SKIPPED -> "skip";
                default -> "FAIL";
            };
            out.printf("  %s %s (%d ms)%n", mark, test.name(), test.durationMillis());
            if (!test.message().isEmpty() && !test.passed()) {
                test.message().lines().forEach(line -> out.println("         " + line));
            }
        }
        if (!verdict.output().isBlank()) {
            out.println("  What the code printed:");
            verdict.output().lines().limit(40).forEach(line -> out.println("    | " + line));
        }
        if (!verdict.passed()) {
            int shown = exercises.hints(id).revealed().size();
            if (shown < exercise.hints().size()) {
                out.println("Stuck? realtime-lab hint " + id + " shows hint " + (shown + 1) + " of " + exercise.hints().size() + ".");
            }
        }
        return verdict.passed() ? 0 : 1;
    }

    /** Prints the next hint (and the earlier ones); after the last, says so. */
    public int hint(String id) {
        Exercise exercise = exercises.exercise(id);
        int before = exercises.hints(id).revealed().size();
        Exercises.Hints hints = exercises.revealHint(id);
        List<String> revealed = hints.revealed();
        for (int i = 0; i < revealed.size(); i++) {
            out.printf("Hint %d of %d: %s%n", i + 1, hints.total(), revealed.get(i));
        }
        if (before == revealed.size()) {
            out.println("That was the last hint. The lesson page can show the reference solution: " + exercise.title() + ".");
        }
        return 0;
    }
}
