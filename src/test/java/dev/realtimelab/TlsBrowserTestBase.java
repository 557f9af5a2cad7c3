package dev.realtimelab;

import dev.realtimelab.security.SecuritySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser on the course started with --tls (http:// and https:// on one port). The browser
 * accepts the self-signed certificate, as a learner does by clicking through the warning, which
 * {@link BrowserTest}'s browser cannot be told after it has started; otherwise the same
 * {@link Chromium}.
 */
@Tag("browser")
public abstract class TlsBrowserTestBase {
    protected static TestApp app;
    protected static Chromium chromium;
    protected static ChromeDriver driver;

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> driver);

    @BeforeAll
    static void start() {
        Chromium.requireChromium();
        app = new TestApp(SecuritySettings.defaults().withTls(true));
        chromium = Chromium.start(true);
        driver = chromium.driver();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
