package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress file: survives a new store (a restart), leaves no temporary files, keeps a broken file aside. */
class ProgressStoreTest {

    static Verdict verdict(Verdict.Status status) {
        return new Verdict("adder", status, "summary", List.of(new Verdict.TestResult("t", status == Verdict.Status.PASSED ? "passed" : "failed", "", 1)),
                List.of(), "", 10, Instant.now().toString(), "workspace");
    }

    @Test
    void progressIsReadBackByANewStore(@TempDir Path root) {
        ProgressStore store = new ProgressStore(root);
        store.update("adder", e -> e.withHintsRevealed(2));
        store.recordVerdict("adder", verdict(Verdict.Status.PASSED));
        store.recordVerdict("adder", verdict(Verdict.Status.FAILED));

        ProgressStore.Entry again = new ProgressStore(root).get("adder");
        assertEquals(ProgressStore.Entry.FAILED, again.state(), "the state follows the latest verdict");
        assertTrue(again.everPassed(), "a pass is remembered: the solution stays unlocked");
        assertEquals(2, again.hintsRevealed());
        assertEquals(Verdict.Status.FAILED, again.lastVerdict().status());
        assertEquals(ProgressStore.Entry.NOT_STARTED, new ProgressStore(root).get("other").state(), "never graded");
    }

    static Verdict verdictAt(Verdict.Status status, String at) {
        return new Verdict("adder", status, "summary", List.of(), List.of(), "", 10, at, "workspace");
    }

    /** What a workshop reads: failed attempts since the last pass, and when the state last changed. */
    @Test
    void failedAttemptsCountUpToAPassAndTheStateKeepsItsSince(@TempDir Path root) {
        ProgressStore store = new ProgressStore(root);
        store.recordVerdict("adder", verdictAt(Verdict.Status.FAILED, "2026-01-01T10:00:00Z"));
        store.recordVerdict("adder", verdictAt(Verdict.Status.COMPILE_ERROR, "2026-01-01T10:05:00Z"));
        ProgressStore.Entry failing = new ProgressStore(root).get("adder");
        assertEquals(2, failing.failedAttempts());
        assertEquals("2026-01-01T10:00:00Z", failing.stateSince(), "failing since the first failure");
        store.recordVerdict("adder", verdictAt(Verdict.Status.PASSED, "2026-01-01T10:09:00Z"));
        ProgressStore.Entry passed = store.get("adder");
        assertEquals(0, passed.failedAttempts());
        assertEquals("2026-01-01T10:09:00Z", passed.stateSince());
        store.recordVerdict("adder", verdictAt(Verdict.Status.FAILED, "2026-01-01T10:12:00Z"));
        assertEquals(1, store.get("adder").failedAttempts());
    }

    @Test
    void theFileIsReplacedWholeAndNoTemporaryFileStays(@TempDir Path root) throws IOException {
        ProgressStore store = new ProgressStore(root);
        for (int i = 0; i < 20; i++) {
            store.recordVerdict("adder", verdict(i % 2 == 0 ? Verdict.Status.PASSED : Verdict.Status.FAILED));
        }
        assertEquals(root.resolve(".realtime-lab/progress.json"), store.file());
        try (Stream<Path> files = Files.list(store.file().getParent())) {
            assertEquals(List.of("progress.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(Files.readString(store.file()).contains("\"version\" : 1"));
    }

    @Test
    void anUnreadableFileIsKeptAsideNotOverwritten(@TempDir Path root) throws IOException {
        Path file = root.resolve(".realtime-lab/progress.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ this is not json");
        ProgressStore store = new ProgressStore(root);

        assertEquals(ProgressStore.Entry.NOT_STARTED, store.get("adder").state());
        store.update("adder", e -> e.withHintsRevealed(1));
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("progress.json.unreadable-")).toList();
            assertEquals(1, aside.size());
            assertEquals("{ this is not json", Files.readString(aside.get(0)));
        }
        assertFalse(Files.readString(file).contains("this is not json"));
    }
}
