package dev.realtimelab.grading;

import java.util.List;

/**
 * One exercise as its {@code EXERCISE.md} describes it. {@code packageName} is the id without
 * hyphens ({@code sse-resume} lives in {@code dev.realtimelab.exercises.sseresume}).
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

    /** The package folder, relative to a source root: {@code dev/realtimelab/exercises/sseresume}. */
    public String packageDir() {
        return ExerciseCatalog.PACKAGE_DIR + "/" + packageName;
    }

    /** The learner's copy of a file, relative to the course root. */
    public String workspacePath(String fileName) {
        return ExerciseCatalog.WORKSPACE + "/" + packageDir() + "/" + fileName;
    }

    /** The file the learner opens first, relative to the course root. */
    public String fileToOpen() {
        return workspacePath(files.get(0));
    }

    /** The Maven command that runs this exercise's grader and nothing else. */
    public String mavenCommand() {
        return "mvn test -Dexercise=" + id;
    }

    /** The package of the exercise's classes, with the trailing dot. */
    public String javaPackagePrefix() {
        return ExerciseCatalog.PACKAGE_DIR.replace('/', '.') + "." + packageName + ".";
    }
}
