package dev.realtimelab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The one Chromium set-up of the browser tests: Debian's headless Chromium driven through the
 * system chromedriver (Selenium never downloads a browser or a driver), with DESIGN.md's flags
 * and a fresh profile that {@link #close()} deletes. Without Chromium, {@link #start} skips the
 * calling tests with a message, or fails them when the CI variable is set.
 * {@link #screenshotsOnFailure} saves the page of a failed test to target/screenshots/.
 */
public final class Chromium implements AutoCloseable {
    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private final RemoteWebDriver driver;
    private final Path profile;
    private final Process remoteDriver;

    private Chromium(RemoteWebDriver driver, Path profile, Process remoteDriver) {
        this.driver = driver;
        this.profile = profile;
        this.remoteDriver = remoteDriver;
    }

    /** A browser with the default window (1280 x 900) that refuses self-signed certificates. */
    public static Chromium start() {
        return start(false);
    }

    /**
     * A browser; {@code acceptInsecureCerts} for the course started with --tls (its certificate
     * is self-signed, and a learner clicks through the warning).
     */
    public static Chromium start(boolean acceptInsecureCerts) {
        requireChromium();
        Path profile = profile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options(profile, acceptInsecureCerts, 1280, 900));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new Chromium(driver, profile, null);
    }

    /**
     * A browser on another host (a phone on the room's network, say): chromedriver and Chromium
     * run inside {@code remote}'s network namespace, so every request the page makes comes from
     * the other host's address; this side drives them over the veth pair. The window is
     * {@code width} x {@code height}. Use {@link #webDriver()}: there is no ChromeDriver here.
     */
    public static Chromium startOn(dev.realtimelab.security.RemoteHost remote, int width, int height) {
        requireChromium();
        int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 60_000);
        Process process = remote.spawn(DRIVER, "--port=" + port, "--allowed-ips=" + remote.serverAddress());
        java.net.URL url;
        try {
            url = java.net.URI.create("http://" + remote.clientAddress() + ":" + port + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new AssertionError(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ready(url)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                process.destroyForcibly();
                throw new AssertionError("chromedriver did not start inside the other host");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        Path profile = profile();
        RemoteWebDriver driver = new RemoteWebDriver(url, options(profile, false, width, height));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new Chromium(driver, profile, process);
    }

    private static boolean ready(java.net.URL url) {
        try {
            java.net.HttpURLConnection status = (java.net.HttpURLConnection) new java.net.URL(url, "status").openConnection();
            status.setConnectTimeout(500);
            status.setReadTimeout(500);
            return status.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path profile() {
        try {
            return Files.createTempDirectory("realtime-lab-chromium");
        } catch (IOException e) {
            throw new AssertionError("cannot make a Chromium profile folder: " + e, e);
        }
    }

    private static ChromeOptions options(Path profile, boolean acceptInsecureCerts, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-features=BackForwardCache", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.setAcceptInsecureCerts(acceptInsecureCerts);
        if (width < 500) {
            // A window is at least 500 px wide: a phone's screen is emulated (touch and the viewport meta tag too).
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true, "mobile", true)));
        }
        return options;
    }

    /** Skips the caller (a JUnit assumption) without Chromium, or fails when CI is set. */
    public static void requireChromium() {
        if (new File(BINARY).canExecute() && new File(DRIVER).canExecute()) {
            return;
        }
        String message = "browser tests need " + BINARY + " and " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if (System.getenv("CI") != null) {
            throw new AssertionError(message + "; CI is set, so this is a failure");
        }
        Assumptions.abort(message + ": skipped");
    }

    public ChromeDriver driver() {
        if (!(driver instanceof ChromeDriver chrome)) {
            throw new IllegalStateException("a browser on another host has no ChromeDriver: use webDriver()");
        }
        return chrome;
    }

    /** The driver, local or on another host. */
    public RemoteWebDriver webDriver() {
        return driver;
    }

    /** Console errors since the last call: a CSP violation or a failed script shows up here. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .toList();
    }

    /** Saves a screenshot and the page source of the current tab as target/screenshots/NAME.png and .html. */
    public static void saveScreenshot(WebDriver driver, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save a screenshot: " + e);
        }
    }

    /**
     * A JUnit extension (register it with {@code @RegisterExtension}) that saves a screenshot of
     * whatever the driver shows when a test fails, named after the test class and method.
     */
    public static TestWatcher screenshotsOnFailure(Supplier<? extends WebDriver> driver) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                WebDriver current = driver.get();
                if (current != null) {
                    saveScreenshot(current, context.getRequiredTestClass().getSimpleName()
                            + "-" + context.getRequiredTestMethod().getName());
                }
            }
        };
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            if (remoteDriver != null) {
                remoteDriver.destroy();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder: the OS cleans it up eventually
            }
        }
    }
}
