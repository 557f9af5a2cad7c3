package dev.realtimelab.grading;

/**
 * A step of a grading in progress, sent to open pages before the verdict: {@code compiling},
 * then {@code running} (with {@code done} of {@code total} tests and, once one finished, its
 * result), so a page can move a progress bar.
 */
public record GradingProgress(String exercise, String phase, int done, int total, String runningTest,
                              Verdict.TestResult test) {
    public static final String COMPILING = "compiling";
    public static final String RUNNING = "running";

    public static GradingProgress compiling(String exercise) {
        return new GradingProgress(exercise, COMPILING, 0, 0, null, null);
    }
}
