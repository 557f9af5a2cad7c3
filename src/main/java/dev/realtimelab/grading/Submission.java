package dev.realtimelab.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * What one grading compiles: the exercise's grader tests beside one version of the files the
 * learner edits (their workspace, the pristine starter, or the reference solution).
 */
public record Submission(Exercise exercise, Kind kind, List<SourceFile> sources) {

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
        return new Submission(exercise, kind, changed);
    }

    /**
     * The grader classes JUnit runs: every {@code *Test.java} that is not a file the learner
     * edits.
     */
    public List<String> graderClassNames() {
        return sources.stream()
                .filter(s -> ExerciseCatalog.isGrader(s.fileName(), exercise.files()))
                .map(s -> s.className(exercise))
                .sorted()
                .toList();
    }
}
