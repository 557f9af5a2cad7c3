package dev.realtimelab;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of most browser tests: the app on a random port and one {@link Chromium} for the class,
 * shared by its tests. Without Chromium the tests are skipped with a message, or fail when the
 * CI variable is set. A failing test leaves a screenshot of the page in target/screenshots/.
 */
@Tag("browser")
public abstract class BrowserTest {
    protected static TestApp app;
    protected static ChromeDriver driver;
    private static Chromium chromium;

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> driver);

    @BeforeAll
    static void startBrowser() {
        Chromium.requireChromium();
        app = new TestApp();
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
            driver = null;
        }
        if (app != null) {
            app.close();
            app = null;
        }
    }

    /** Console errors since the last call: a CSP violation or a failed script shows up here. */
    protected static java.util.List<String> consoleErrors() {
        return chromium.consoleErrors();
    }

    /** Loads a page and waits until every demo box on it has mounted its widget. */
    protected static void open(String path) {
        driver.get(app.url(path));
        waitFor(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete'"
                        + " && document.querySelectorAll('[data-demo]:not([data-ready])').length === 0"));
    }

    protected static <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(10), condition);
    }

    protected static <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    protected static WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The first element {@code css} matches, once there: a demo's widget builds itself after the page loads. */
    protected static WebElement widget(String css) {
        return waitFor(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Replaces the text of the input {@code css} matches, once there. */
    protected static void type(String css, String text) {
        WebElement input = widget(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits until the element's text contains {@code text}, and returns the element. */
    protected static WebElement waitForText(String css, String text) {
        return waitFor(d -> {
            var found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
        });
    }
}
