package dev.realtimelab.grading;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * The outcome of one grading, as the page, the command line and the progress file show it.
 * {@code source} says which version was graded (workspace, starter, solution).
 */
public record Verdict(
        String exercise,
        Status status,
        String summary,
        List<TestResult> tests,
        List<CompileError> compileErrors,
        String output,
        long totalMillis,
        String finishedAt,
        String source) {

    public enum Status {
        PASSED("passed"), FAILED("failed"), COMPILE_ERROR("compile-error"), TIMED_OUT("timed-out"), ERROR("error");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        /** How a person reads it: "compile error", "timed out". */
        public String label() {
            return id.replace('-', ' ');
        }
    }

    /** One test of the grader: its display name, whether it passed, and the assertion message. */
    public record TestResult(String name, String status, String message, long durationMillis) {
        public static final String PASSED = "passed";
        public static final String FAILED = "failed";
        public static final String SKIPPED = "skipped";

        @JsonIgnore
        public boolean passed() {
            return PASSED.equals(status);
        }
    }

    /** A javac error: the file relative to the course root, its line and column, the message. */
    public record CompileError(String file, long line, long column, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    public Verdict {
        tests = tests == null ? List.of() : List.copyOf(tests);
        compileErrors = compileErrors == null ? List.of() : List.copyOf(compileErrors);
        output = output == null ? "" : output;
    }

    @JsonIgnore
    public boolean passed() {
        return status == Status.PASSED;
    }
}
