package dev.realtimelab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Base of every browser test: the app on a random port and Debian's headless Chromium, driven
 * by Selenium with the system chromedriver (Selenium never downloads a browser or a driver).
 * Without Chromium the tests are skipped with a message, or fail when the CI variable is set.
 * A failing test leaves a screenshot of the page in target/screenshots/.
 */
@Tag("browser")
public abstract class BrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    protected static TestApp app;
    protected static ChromeDriver driver;
    private static Path profile;

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver == null) {
                return;
            }
            try {
                Path dir = Path.of("target", "screenshots");
                Files.createDirectories(dir);
                String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
                Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
            } catch (IOException | RuntimeException e) {
                System.err.println("could not save a screenshot: " + e);
            }
        }
    };

    @BeforeAll
    static void startBrowser() throws IOException {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present) {
            String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message + "; CI is set, so this is a failure");
            }
            Assumptions.abort(message + ": skipped");
        }
        app = new TestApp();
        profile = Files.createTempDirectory("realtime-lab-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-features=BackForwardCache", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (app != null) {
            app.close();
            app = null;
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Console errors since the last call: a CSP violation or a failed script shows up here. */
    protected static java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .toList();
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

    /** Waits until the element's text contains {@code text}, and returns the element. */
    protected static WebElement waitForText(String css, String text) {
        return waitFor(d -> {
            var found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text) ? found.get(0) : null;
        });
    }
}
