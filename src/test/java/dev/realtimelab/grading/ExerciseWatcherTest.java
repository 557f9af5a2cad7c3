package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.realtimelab.live.hub.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The watcher on a temporary copy of the fixture: one report per burst of saves, Java files only. */
class ExerciseWatcherTest {
    Path root;
    ExerciseWatcher watcher;
    final Ticker ticker = Ticker.system();
    final BlockingQueue<String> changes = new LinkedBlockingQueue<>();

    @BeforeEach
    void copy() {
        root = GradingFixture.copyWithWorkspace();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        ticker.close();
        GradingFixture.delete(root);
    }

    void start(boolean poll) throws Exception {
        ExerciseWorkspace workspace = new ExerciseWorkspace(ExerciseCatalog.load(root));
        watcher = new ExerciseWatcher(workspace.dir(), workspace::exerciseOf, changes::add, ticker);
        watcher.start(poll);
    }

    @ParameterizedTest(name = "polling: {0}")
    @ValueSource(booleans = {false, true})
    void aBurstOfSavesIsReportedOnceAndOtherFilesNotAtAll(boolean poll) throws Exception {
        start(poll);
        Path adder = root.resolve(GradingFixture.ADDER);
        // An editor's save: a swap file, then the file written in pieces.
        Files.writeString(adder.resolveSibling(".Adder.java.swp"), "x");
        GradingFixture.write(adder, "");
        GradingFixture.write(adder, GradingFixture.solution());

        assertEquals("adder", changes.poll(20, TimeUnit.SECONDS));
        assertNull(changes.poll(1, TimeUnit.SECONDS), "one grading per burst, not one per write");

        Files.writeString(adder.resolveSibling("notes.txt"), "not Java");
        Files.writeString(root.resolve("workspace/Stray.java"), "class Stray {}");
        assertNull(changes.poll(1, TimeUnit.SECONDS), "only Java files in an exercise's folder count");

        GradingFixture.write(adder, GradingFixture.starter());
        assertEquals("adder", changes.poll(20, TimeUnit.SECONDS), "the next save is reported again");
    }
}
