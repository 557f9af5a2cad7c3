package dev.realtimelab.grading;

import dev.realtimelab.live.hub.Ticker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exercises of one course folder and what a learner does with them: grade (now, or queued
 * after a save), reveal hints, show the solution, reset to the starter. Used by the web routes
 * and by the command line alike; gradings go one at a time through one engine.
 */
public final class Exercises implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Exercises.class);

    /** Hears every grading's steps and verdicts (the web routes forward them over SSE). */
    public interface Listener {
        void progress(GradingProgress progress);

        void verdict(Verdict verdict);
    }

    /** An exercise id that is not in the catalog; the message lists the known ones. */
    public static final class UnknownExercise extends RuntimeException {
        UnknownExercise(String message) {
            super(message);
        }
    }

    /** The solution was asked for before a pass, without confirming. */
    public static final class SolutionLocked extends RuntimeException {
        SolutionLocked(String message) {
            super(message);
        }
    }

    /** The hints shown so far, out of how many. */
    public record Hints(List<String> revealed, int total) {}

    /** What a reset did: where the learner's version was kept, relative to the course root. */
    public record Reset(String backup, List<String> files) {}

    private final ExerciseCatalog catalog;
    private final ExerciseWorkspace workspace;
    private final ProgressStore progress;
    private final GradingEngine engine;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService gradings = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exercise-grader");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean warm = new AtomicBoolean();
    private ExerciseWatcher watcher;

    public Exercises(Path root, Duration timeout) {
        this.catalog = ExerciseCatalog.load(root);
        this.workspace = new ExerciseWorkspace(catalog);
        this.progress = new ProgressStore(catalog.root());
        this.engine = new GradingEngine(timeout);
        catalog.problems().forEach(p -> LOG.warn("exercise problem: {}", p));
        try {
            workspace.prepare().forEach(LOG::info);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("{}: the exercises cannot be graded until it can be written", e.getMessage());
        }
    }

    public static Exercises open(Path root) {
        return new Exercises(root, GradingEngine.DEFAULT_TIMEOUT);
    }

    public ExerciseCatalog catalog() {
        return catalog;
    }

    public ExerciseWorkspace workspace() {
        return workspace;
    }

    public ProgressStore progress() {
        return progress;
    }

    public Exercise exercise(String id) {
        return catalog.find(id).orElseThrow(() -> new UnknownExercise("no exercise '" + id + "'"
                + (catalog.ids().isEmpty() ? "" : " (known: " + String.join(", ", catalog.ids()) + ")")));
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Starts the worker JVM and warms the compiler, once; cheap to call again. */
    public void warmUp() {
        if (!catalog.exercises().isEmpty() && warm.compareAndSet(false, true)) {
            engine.warmUp();
        }
    }

    /** Starts grading each exercise whose files change on disk; {@code ticker}: the app's scheduler. */
    public synchronized void watch(Ticker ticker) {
        if (watcher == null) {
            watcher = new ExerciseWatcher(workspace.dir(), workspace::exerciseOf, this::checkLater, ticker);
            try {
                watcher.start();
            } catch (IOException e) {
                LOG.warn("cannot watch the exercise files ({}): use Check now, or mvn test -Dexercise=ID", e.getMessage());
            }
        }
    }

    // region grade
    /** Grades the learner's workspace now, records the verdict, tells the listeners. */
    public Verdict check(String id) {
        Exercise exercise = exercise(id);
        warm.set(true);
        Verdict verdict = engine.grade(workspace.submission(exercise), step -> listeners.forEach(l -> l.progress(step)));
        progress.recordVerdict(id, verdict);
        listeners.forEach(l -> l.verdict(verdict));
        return verdict;
    }

    /**
     * Queues a grading of the workspace. A request for an exercise already waiting is dropped:
     * the waiting one reads the files when it starts, so it sees this change too.
     */
    public void checkLater(String id) {
        exercise(id);
        if (queued.add(id)) {
            gradings.execute(() -> {
                queued.remove(id);
                try {
                    check(id);
                } catch (RuntimeException e) {
                    LOG.warn("grading {} failed: {}", id, e.toString());
                }
            });
        }
    }
    // endregion

    /** Shows one more hint (none past the last), and returns every hint shown so far. */
    public Hints revealHint(String id) {
        Exercise exercise = exercise(id);
        int total = exercise.hints().size();
        ProgressStore.Entry entry = progress.update(id, e -> e.withHintsRevealed(Math.min(total, e.hintsRevealed() + 1)));
        return hints(exercise, entry);
    }

    public Hints hints(String id) {
        Exercise exercise = exercise(id);
        return hints(exercise, progress.get(id));
    }

    /** The hints {@code entry} has revealed, for a caller that has already read the entry. */
    static Hints hints(Exercise exercise, ProgressStore.Entry entry) {
        int shown = Math.min(exercise.hints().size(), entry.hintsRevealed());
        return new Hints(exercise.hints().subList(0, shown), exercise.hints().size());
    }

    /**
     * The reference solution: given after a pass, or before one only when {@code confirmed}
     * (the page asks first; peeking early is the learner's choice, not an accident).
     */
    public List<SourceFile> solution(String id, boolean confirmed) {
        Exercise exercise = exercise(id);
        // Checked inside the update: one read of the file, and nothing is written when locked.
        progress.update(id, entry -> {
            if (!entry.everPassed() && !confirmed) {
                throw new SolutionLocked("the solution of '" + id + "' is shown after a pass, or when you confirm that you want to see it now");
            }
            return entry.withSolutionShown();
        });
        return catalog.solutionFiles(exercise);
    }

    // region reset
    /**
     * Puts the pristine starter back. The learner's files are first copied to
     * {@code .realtime-lab/backups/ID/DATE_TIME/}, so nothing they wrote is lost.
     */
    public Reset reset(String id) {
        return workspace.reset(exercise(id));
    }
    // endregion

    @Override
    public void close() {
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
        }
        gradings.shutdownNow();
        engine.close();
    }
}
