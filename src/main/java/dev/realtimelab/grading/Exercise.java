package dev.realtimelab.grading;

import java.util.List;

/**
 * One exercise as its {@code EXERCISE.md} describes it. {@code packageName} is the id without
 * hyphens ({@code sse-resume} lives in {@code dev.realtimelab.exercises.sseresume}). Paths are
 * relative to the course root, with forward slashes.
 */
public record Exercise(
        String id,
        String title,
        String lesson,
        List<String> files,
        List<String> hints,
        String summary,
        String statement,
        String packageName) {

    public Exercise {
        files = List.copyOf(files);
        hints = List.copyOf(hints);
    }

    /** The package folder, relative to a source root: {@code dev/realtimelab/exercises/sseresume}. */
    public String packageDir() {
        return ExerciseCatalog.PACKAGE_DIR + "/" + packageName;
    }

    /** The authored exercise: {@code src/exercises/sse-resume}. */
    public String authoredDir() {
        return ExerciseCatalog.AUTHORED + "/" + id;
    }

    /**
     * A file of one part of the authored exercise ({@link ExerciseCatalog#STARTER}, GRADER or
     * SOLUTION); an empty {@code fileName} gives its package folder, with a trailing slash.
     */
    public String authoredPath(String part, String fileName) {
        return authoredDir() + "/" + part + "/" + packageDir() + "/" + fileName;
    }

    /** The learner's source root for this exercise: {@code workspace/sse-resume}. */
    public String workspaceDir() {
        return ExerciseWorkspace.FOLDER + "/" + id;
    }

    /** The learner's copy of a file. */
    public String workspacePath(String fileName) {
        return workspaceDir() + "/" + packageDir() + "/" + fileName;
    }

    /** The file the learner opens first. */
    public String fileToOpen() {
        return workspacePath(files.get(0));
    }

    /** The Maven command that grades this exercise and nothing else. */
    public String mavenCommand() {
        return "mvn test -Dexercise=" + id;
    }

    /** The package of the exercise's classes, with the trailing dot. */
    public String javaPackagePrefix() {
        return ExerciseCatalog.PACKAGE_DIR.replace('/', '.') + "." + packageName + ".";
    }
}
