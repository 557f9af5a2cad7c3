package dev.realtimelab.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * What one grading compiles: the exercise's grader beside one version of the files the learner
 * edits (their workspace, the pristine starter, or the reference solution), and nothing else.
 * {@code notes} tell the learner what was left out (a file the exercise does not have) or is
 * missing; the verdict repeats them.
 */
public record Submission(Exercise exercise, Kind kind, List<SourceFile> sources, List<String> notes) {

    public enum Kind {
        WORKSPACE("your workspace"), STARTER("the starter"), SOLUTION("the reference solution");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Submission {
        sources = List.copyOf(sources);
        notes = List.copyOf(notes);
    }

    /** The same submission with one file's content replaced (or added). */
    public Submission replacing(String fileName, String content) {
        List<SourceFile> changed = new ArrayList<>();
        String path = exercise.workspacePath(fileName);
        for (SourceFile source : sources) {
            if (source.fileName().equals(fileName)) {
                path = source.path();
            } else {
                changed.add(source);
            }
        }
        changed.add(new SourceFile(fileName, path, content));
        return new Submission(exercise, kind, changed, notes);
    }

    /** The grader classes JUnit runs: every {@code *Test.java} of the exercise's grader folder. */
    public List<String> graderClassNames() {
        String graderDir = exercise.authoredPath(ExerciseCatalog.GRADER, "");
        return sources.stream()
                .filter(s -> s.path().startsWith(graderDir) && s.fileName().endsWith("Test.java"))
                .map(s -> s.className(exercise))
                .sorted()
                .toList();
    }
}
