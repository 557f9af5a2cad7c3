package dev.realtimelab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of HTTP-level tests: the real app on a random port, shared by the tests of a class. */
public abstract class AppTest {
    protected static TestApp app;

    @BeforeAll
    static void startApp() {
        app = new TestApp();
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }
}
