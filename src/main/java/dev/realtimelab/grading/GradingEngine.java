package dev.realtimelab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grades a {@link Submission}: compiles it in this JVM (javax.tools, in memory), then runs the
 * grader with the JUnit Platform Launcher in a warm worker JVM, never on the app's threads. A
 * grading that runs past the timeout gets the worker killed and replaced; a learner's
 * {@code System.exit} ends only the worker. One grading at a time.
 */
public final class GradingEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GradingEngine.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private final List<Path> classpath = Classpath.ofApp();
    private final WorkerPool workers;
    private InMemoryCompiler compiler;

    public GradingEngine(Duration timeout) {
        this.timeout = timeout;
        this.workers = new WorkerPool(WorkerJvm.command(classpath));
    }

    /**
     * Gets ready in the background: starts the worker JVM and warms javac, so the first save
     * is graded about as fast as the later ones.
     */
    public void warmUp() {
        workers.prestart();
        Thread warm = new Thread(() -> {
            try {
                compiler().compile(List.of(new SourceFile("WarmUp.java", "WarmUp.java", "class WarmUp { int x = 1; }")));
            } catch (RuntimeException e) {
                LOG.debug("compiler warm-up failed", e);
            }
        }, "grading-compiler-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    /** Compiles without running: the class files, or the compile errors. */
    public Map<String, byte[]> compile(Submission submission) {
        InMemoryCompiler.Result result = compiler().compile(submission.sources());
        if (!result.ok()) {
            throw new IllegalStateException(submission.exercise().id() + " does not compile: " + result.errors());
        }
        return result.classes();
    }

    /** Grades once; {@code progress} hears "compiling", "running" and each test as it ends. */
    public synchronized Verdict grade(Submission submission, Consumer<GradingProgress> progress) {
        long started = System.nanoTime();
        Run run = new Run(submission, started);
        progress.accept(GradingProgress.compiling(run.exercise));
        InMemoryCompiler.Result compiled;
        try {
            compiled = compiler().compile(submission.sources());
        } catch (InMemoryCompiler.Unavailable | IllegalStateException e) {
            return run.verdict(Verdict.Status.ERROR, "Cannot grade: " + e.getMessage(), "");
        }
        if (!compiled.ok()) {
            int n = compiled.errors().size();
            return run.compileErrors(compiled.errors(), "Does not compile: " + n + (n == 1 ? " error." : " errors."));
        }
        List<String> graders = submission.graderClassNames();
        if (graders.isEmpty()) {
            return run.verdict(Verdict.Status.ERROR, "No grader: the exercise has no *Test.java class.", "");
        }
        progress.accept(run.progress(null)); // running, 0 of 0: nothing seen yet

        WorkerJvm worker;
        try {
            worker = workers.take();
        } catch (WorkerPool.Unavailable e) {
            return run.verdict(Verdict.Status.ERROR, "Cannot grade: " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.verdict(Verdict.Status.ERROR, "Grading was interrupted.", "");
        }
        try {
            worker.send(WorkerJvm.gradeRequest(compiled.classes(), graders));
        } catch (IOException e) {
            workers.discard(worker);
            return run.verdict(Verdict.Status.ERROR, "Cannot grade: the grading JVM stopped listening (" + e.getMessage() + "); it was replaced, try again.", "");
        }
        try {
            return follow(worker, run, progress);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.discard(worker);
            return run.verdict(Verdict.Status.ERROR, "Grading was interrupted.", "");
        }
    }

    /** Reads the worker's messages until the verdict, the deadline, or the worker's end. */
    private Verdict follow(WorkerJvm worker, Run run, Consumer<GradingProgress> progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String exitedDuring = null;
        String exitOutput = "";
        while (true) {
            JsonNode message = worker.next(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (message == null) {
                workers.discard(worker);
                return run.timedOut(timeout);
            }
            if (message == WorkerJvm.END) {
                Integer status = worker.exitStatus();
                String err = worker.stderrTail();
                workers.discard(worker);
                return run.workerEnded(status, exitedDuring, exitOutput, err);
            }
            switch (message.path("type").asText()) {
                case "plan" -> {
                    run.total = message.path("total").asInt();
                    progress.accept(run.progress(null));
                }
                case "started" -> {
                    run.running = message.path("name").asText();
                    progress.accept(run.progress(null));
                }
                case "test" -> {
                    Verdict.TestResult test = new Verdict.TestResult(message.path("name").asText(),
                            message.path("status").asText(), message.path("message").asText(),
                            message.path("durationMillis").asLong());
                    run.tests.add(test);
                    run.running = null;
                    progress.accept(run.progress(test));
                }
                case "exiting" -> {
                    exitedDuring = message.hasNonNull("during") ? message.get("during").asText() : run.running;
                    exitOutput = message.path("output").asText();
                }
                case "done" -> {
                    workers.release(worker);
                    String output = message.path("output").asText();
                    if (message.hasNonNull("problem")) {
                        return run.verdict(Verdict.Status.ERROR, "Cannot grade: " + message.get("problem").asText(), output);
                    }
                    return run.finished(output);
                }
                case "error" -> {
                    workers.discard(worker);
                    return run.verdict(Verdict.Status.ERROR, "Cannot grade: " + message.path("message").asText(), "");
                }
                default -> LOG.debug("grading worker sent {}", message);
            }
        }
    }

    private synchronized InMemoryCompiler compiler() {
        if (compiler == null) {
            compiler = new InMemoryCompiler(classpath);
        }
        return compiler;
    }

    @Override
    public void close() {
        workers.close();
    }

    /** What one grading has seen so far, and the verdicts it can end in. */
    private static final class Run {
        final String exercise;
        final String source;
        final List<String> notes;
        final long startedNanos;
        final List<Verdict.TestResult> tests = new ArrayList<>();
        int total;
        String running;

        Run(Submission submission, long startedNanos) {
            this.exercise = submission.exercise().id();
            this.source = submission.kind().name().toLowerCase(java.util.Locale.ROOT);
            this.notes = submission.notes();
            this.startedNanos = startedNanos;
        }

        GradingProgress progress(Verdict.TestResult test) {
            return new GradingProgress(exercise, GradingProgress.RUNNING, tests.size(), Math.max(total, tests.size()), running, test);
        }

        Verdict finished(String output) {
            long failed = tests.stream().filter(t -> Verdict.TestResult.FAILED.equals(t.status())).count();
            long passed = tests.stream().filter(Verdict.TestResult::passed).count();
            if (tests.isEmpty() || passed + failed == 0) {
                return verdict(Verdict.Status.ERROR, "The grader ran no tests: does it have @Test methods?", output);
            }
            if (failed == 0) {
                return verdict(Verdict.Status.PASSED, passed == 1 ? "The test passed." : "All " + passed + " tests passed.", output);
            }
            return verdict(Verdict.Status.FAILED, passed + " of " + (passed + failed) + " tests passed.", output);
        }

        Verdict timedOut(Duration timeout) {
            String seconds = timeout.toMillis() % 1000 == 0 ? String.valueOf(timeout.toSeconds()) : String.format(java.util.Locale.ROOT, "%.1f", timeout.toMillis() / 1000.0);
            if (running != null) {
                tests.add(new Verdict.TestResult(running, Verdict.TestResult.FAILED, "did not finish within " + seconds + " s", timeout.toMillis()));
            }
            return verdict(Verdict.Status.TIMED_OUT, "Timed out after " + seconds + " s"
                    + (running == null ? "" : " in the test \u201c" + running + "\u201d")
                    + ": an endless loop, or a wait that never ends? The grading JVM was stopped and replaced.", "");
        }

        Verdict workerEnded(Integer status, String during, String output, String stderr) {
            String test = during != null ? during : running;
            if (test != null) {
                tests.add(new Verdict.TestResult(test, Verdict.TestResult.FAILED, "the JVM stopped during this test", 0));
            }
            String where = test == null ? "" : " during the test \u201c" + test + "\u201d";
            String summary;
            if (stderr.contains("OutOfMemoryError")) {
                summary = "The grading JVM ran out of memory" + where + ": is something growing without end? It was replaced.";
            } else if (during != null || (status != null && status != 137 && status != 9)) {
                summary = "The code called System.exit(" + (status == null ? "?" : status) + ")" + where
                        + ", which ends the JVM it runs in. The course is fine (graders run in a separate JVM, now replaced);"
                        + " remove the System.exit call.";
            } else {
                summary = "The grading JVM stopped unexpectedly" + where + " (exit status " + status + "); it was replaced, try again.";
            }
            return verdict(Verdict.Status.ERROR, summary, output.isEmpty() ? stderr : output);
        }

        Verdict compileErrors(List<Verdict.CompileError> errors, String summary) {
            return new Verdict(exercise, Verdict.Status.COMPILE_ERROR, withNotes(summary), List.of(), errors, "", elapsed(), Instant.now().toString(), source);
        }

        Verdict verdict(Verdict.Status status, String summary, String output) {
            return new Verdict(exercise, status, withNotes(summary), tests, List.of(), output, elapsed(), Instant.now().toString(), source);
        }

        /** The submission's notes (files left out or missing) follow the summary, wherever it is shown. */
        private String withNotes(String summary) {
            return notes.isEmpty() ? summary : summary + " " + String.join(" ", notes);
        }

        private long elapsed() {
            return (System.nanoTime() - startedNanos) / 1_000_000;
        }
    }
}
