package dev.realtimelab.grading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.realtimelab.shared.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's progress, in {@code .realtime-lab/progress.json} of the course folder (git
 * ignores it). Every change rewrites the whole small file atomically (a temporary file, then
 * an atomic rename), so a crash leaves the old file or the new one, never half of each. Each
 * change reads the file first, so the command line and the running app can both record.
 */
public final class ProgressStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressStore.class);
    public static final String DIRECTORY = ".realtime-lab";
    public static final String FILE_NAME = "progress.json";

    /**
     * Where one exercise stands. {@code failedAttempts}: failed gradings since it last passed (or
     * ever); {@code stateSince}: when its state last changed (not started, failed, passed), so a
     * workshop can tell "failing for twenty minutes" from "failing since a minute ago".
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String state, int hintsRevealed, String lastVerdictAt, String firstPassedAt,
                        boolean solutionShown, Verdict lastVerdict, int failedAttempts, String stateSince) {
        public static final String NOT_STARTED = "not-started";
        public static final String FAILED = "failed";
        public static final String PASSED = "passed";
        static final Entry NEW = new Entry(NOT_STARTED, 0, null, null, false, null, 0, null);

        public Entry {
            state = state == null ? NOT_STARTED : state;
        }

        /** Passed at least once: the solution is then shown without asking. */
        public boolean everPassed() {
            return firstPassedAt != null;
        }

        public String stateLabel() {
            return state.replace('-', ' ');
        }

        Entry withVerdict(Verdict verdict) {
            String at = verdict.finishedAt() == null ? Instant.now().toString() : verdict.finishedAt();
            String next = verdict.passed() ? PASSED : FAILED;
            return new Entry(next, hintsRevealed, at, firstPassedAt == null && verdict.passed() ? at : firstPassedAt,
                    solutionShown, verdict, verdict.passed() ? 0 : failedAttempts + 1,
                    next.equals(state) && stateSince != null ? stateSince : at);
        }

        Entry withHintsRevealed(int count) {
            return new Entry(state, count, lastVerdictAt, firstPassedAt, solutionShown, lastVerdict, failedAttempts, stateSince);
        }

        Entry withSolutionShown() {
            return new Entry(state, hintsRevealed, lastVerdictAt, firstPassedAt, true, lastVerdict, failedAttempts, stateSince);
        }
    }

    /** The file's shape; {@code version} lets a later course read an older file. */
    record Document(int version, Map<String, Entry> exercises) {}

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ProgressStore(Path courseRoot) {
        this.file = courseRoot.resolve(DIRECTORY).resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    public synchronized Entry get(String exerciseId) {
        return read().getOrDefault(exerciseId, Entry.NEW);
    }

    public synchronized Map<String, Entry> all() {
        return read();
    }

    /** Applies {@code change} to one exercise's entry and stores the result atomically. */
    public synchronized Entry update(String exerciseId, UnaryOperator<Entry> change) {
        Map<String, Entry> entries = read();
        Entry updated = change.apply(entries.getOrDefault(exerciseId, Entry.NEW));
        entries.put(exerciseId, updated);
        write(entries);
        return updated;
    }

    public Entry recordVerdict(String exerciseId, Verdict verdict) {
        return update(exerciseId, e -> e.withVerdict(verdict));
    }

    private Map<String, Entry> read() {
        if (!Files.isRegularFile(file)) {
            return new TreeMap<>();
        }
        try {
            Document document = json.readValue(Files.readString(file, StandardCharsets.UTF_8), Document.class);
            return document == null || document.exercises() == null ? new TreeMap<>() : new TreeMap<>(document.exercises());
        } catch (IOException e) {
            // Unreadable (edited by hand, say): keep it aside rather than overwrite it.
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + Instant.now().toEpochMilli());
            LOG.warn("{} cannot be read ({}); it was moved to {} and progress starts afresh", file,
                    e.getMessage().lines().findFirst().orElse(""), aside.getFileName());
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                LOG.warn("could not move {} aside: {}", file, moveFailed.getMessage());
            }
            return new TreeMap<>();
        }
    }

    private void write(Map<String, Entry> entries) {
        try {
            AtomicFiles.replace(file, json.writeValueAsBytes(new Document(1, entries)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save progress to " + file, e);
        }
    }
}
