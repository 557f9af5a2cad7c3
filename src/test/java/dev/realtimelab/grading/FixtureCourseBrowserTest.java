package dev.realtimelab.grading;

import dev.realtimelab.BrowserTest;
import dev.realtimelab.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A browser on a temporary copy of the fixture course, whose exercise the test may edit and grade. */
abstract class FixtureCourseBrowserTest extends BrowserTest {
    static final Duration GRADING = Duration.ofSeconds(60);
    static Path root;

    @BeforeAll
    static void onTheFixtureCourse() {
        app.close(); // BrowserTest started the real course; these tests need the fixture's
        root = GradingFixture.copy();
        app = new TestApp(root);
    }

    @AfterAll
    static void deleteCopy() {
        GradingFixture.delete(root);
    }
}
