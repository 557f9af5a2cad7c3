package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.App;
import dev.realtimelab.Chromium;
import dev.realtimelab.TestApp;
import dev.realtimelab.grading.GradingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Workshop part 2 end to end, all on loopback: a workshop server and two attendees' own copies
 * of the course (separate course folders, separate ports). Ada's copy joins from the command
 * line, Bo's from its home page. Ada passes the exercise, Bo fails it three times: the
 * instructor's dashboard shows both, flags Bo as stuck and follows each save. Hands and questions
 * go from the attendees' home pages to the dashboard and back. The workshop server restarts
 * mid-test (Bo saves while it is down): nothing acknowledged is lost and Bo's save arrives.
 */
@Tag("browser")
class AttendeeAppsBrowserTest {
    /** Grading starts a worker JVM: the first verdict can take a while on a busy machine. */
    static final Duration GRADING = Duration.ofSeconds(90);
    static Path workshopRoot;
    static Path adaRoot;
    static Path boRoot;
    static TestApp workshop;
    static TestApp adaApp;
    static TestApp boApp;
    static WorkshopBrowsers browsers;
    static ChromeDriver instructor;
    static ChromeDriver ada;
    static ChromeDriver bo;

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> instructor);
    @RegisterExtension
    final TestWatcher boScreenshots = Chromium.screenshotsOnFailure(() -> bo);

    @BeforeAll
    static void start() {
        workshopRoot = GradingFixture.copy();
        adaRoot = GradingFixture.copyWithWorkspace();
        boRoot = GradingFixture.copyWithWorkspace();
        workshop = TestApp.workshopOn(workshopRoot);
        browsers = WorkshopBrowsers.start();
        instructor = browsers.instructorDriver();
        ada = browsers.adaDriver();
        bo = browsers.boDriver();
    }

    @AfterAll
    static void stop() {
        if (browsers != null) {
            browsers.close();
        }
        for (TestApp app : new TestApp[] {adaApp, boApp, workshop}) {
            if (app != null) {
                app.close();
            }
        }
        for (Path root : new Path[] {workshopRoot, adaRoot, boRoot}) {
            GradingFixture.delete(root);
        }
    }

    static <T> T waitFor(WebDriver driver, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
        return waitFor(driver, Duration.ofSeconds(15), condition);
    }

    static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The text of the first element matching {@code css}, read in one script: panels are redrawn as events arrive. */
    static String text(WebDriver driver, String css) {
        return (String) js(driver, "return document.querySelector(arguments[0])?.innerText || ''", css);
    }

    /** The text of {@code name}'s row on the dashboard: name, stuck, offline, lesson and the adder cell. */
    static String row(String name) {
        return (String) js(instructor, "const r = [...document.querySelectorAll('.wd-grid tbody tr')]"
                + ".find(tr => tr.querySelector('th').textContent.startsWith(arguments[0]));"
                + "return r ? [...r.children].map(c => c.textContent).join(' | ') : ''", name);
    }

    static void waitForRow(String name, Duration timeout, String... parts) {
        waitFor(instructor, timeout, d -> {
            String text = row(name);
            for (String part : parts) {
                if (!text.contains(part)) {
                    return null;
                }
            }
            return text;
        });
    }

    static void logInAndOpenDashboard() {
        instructor.get(workshop.app().workshop().loginLink());
        waitFor(instructor, d -> d.getCurrentUrl().endsWith("/workshop/instructor"));
        instructor.get(workshop.url("/workshop/instructor/dashboard"));
        waitFor(instructor, d -> "Live.".equals(text(d, ".wd-status")));
    }

    /** Saves Adder.java in an attendee's workspace, as an editor would. */
    static void save(Path root, String content) {
        GradingFixture.write(root.resolve(GradingFixture.ADDER), content);
    }

    static String wrong(int attempt) {
        return GradingFixture.variant("Wrong") + "\n// attempt " + attempt + "\n";
    }

    @Test
    void twoAttendeeAppsOneDashboardHandsQuestionsAndARestart() {
        String workshopUrl = workshop.url("/workshop");
        String code = workshop.app().attendance().joinCode();
        logInAndOpenDashboard();
        assertEquals(code, instructor.findElement(By.cssSelector(".wd-join-code")).getText());

        // Ada's copy joins from the command line; a wrong code first is refused with a reason.
        TestApp refused = TestApp.attendee(GradingFixture.copyWithWorkspace(), new App.WorkshopJoin(workshopUrl, "WRONG1", "Ada"));
        assertTrue(refused.app().joinError().contains("join code is wrong"), refused.app().joinError());
        refused.close();
        adaApp = TestApp.attendee(adaRoot, new App.WorkshopJoin(workshopUrl, code, "Ada"));
        assertNull(adaApp.app().joinError());
        waitForRow("Ada", Duration.ofSeconds(15), "Ada", "–");

        // Bo's copy joins from its home page.
        boApp = TestApp.attendee(boRoot, null);
        bo.get(boApp.url("/"));
        waitFor(bo, d -> d.findElement(By.id("wl-url")).isDisplayed());
        bo.findElement(By.id("wl-url")).sendKeys(workshopUrl);
        bo.findElement(By.id("wl-code")).sendKeys("nope");
        bo.findElement(By.id("wl-name")).sendKeys("Bo");
        bo.findElement(By.cssSelector(".wl-join button")).click();
        waitFor(bo, d -> text(d, ".wl-status").contains("join code is wrong"));
        bo.findElement(By.id("wl-code")).clear();
        bo.findElement(By.id("wl-code")).sendKeys(code);
        bo.findElement(By.cssSelector(".wl-join button")).click();
        waitFor(bo, d -> text(d, ".wl-sharing").contains("as Bo."));
        assertTrue(bo.findElement(By.cssSelector(".workshop-link")).getText().contains("Never your code"));
        waitForRow("Bo", Duration.ofSeconds(15), "Bo");

        // The lesson being read: Bo opens the fixture lesson.
        bo.get(boApp.url("/lessons/fixture"));
        waitForRow("Bo", Duration.ofSeconds(15), "fixture");
        waitFor(bo, d -> text(d, ".wl-badge").contains("Sharing your progress with the workshop"));

        // Ada passes; Bo fails three times. Each save shows up on the dashboard: waited for, not timed.
        save(adaRoot, GradingFixture.solution());
        waitForRow("Ada", GRADING, "passed");
        for (int attempt = 1; attempt <= 3; attempt++) {
            save(boRoot, wrong(attempt));
            waitForRow("Bo", GRADING, "failing", attempt + (attempt == 1 ? " attempt " : " attempts"));
        }
        waitForRow("Bo", Duration.ofSeconds(5), "stuck");
        assertTrue(!row("Ada").contains("stuck"), row("Ada"));
        // Sorted by most stuck: Bo first; the counts per exercise below.
        assertTrue(row("Bo").equals(js(instructor, "return [...document.querySelector('.wd-grid tbody tr').children].map(c => c.textContent).join(' | ')")));
        assertEquals("1 / 1 / 0", instructor.findElement(By.cssSelector(".wd-grid tfoot td[data-exercise='adder']")).getText());
        // The threshold is the page's: at 5 attempts, Bo is not stuck yet.
        js(instructor, "const i = document.querySelector('.wd-attempts'); i.value = '5'; i.dispatchEvent(new Event('input', {bubbles: true}))");
        waitFor(instructor, d -> !row("Bo").contains("stuck") ? true : null);
        js(instructor, "const i = document.querySelector('.wd-attempts'); i.value = '3'; i.dispatchEvent(new Event('input', {bubbles: true}))");

        // Hands up: Bo raises his hand with a note that looks like HTML; it shows as text.
        bo.get(boApp.url("/"));
        waitFor(bo, d -> d.findElement(By.id("wl-note")).isDisplayed());
        bo.findElement(By.id("wl-note")).sendKeys("<b>help</b> with 1013");
        bo.findElement(By.cssSelector(".wl-raise button")).click();
        waitFor(bo, d -> text(d, ".wl-hand").contains("number 1"));
        waitFor(instructor, d -> text(d, ".wd-hands").contains("Bo: <b>help</b> with 1013"));
        assertTrue(instructor.findElements(By.cssSelector(".wd-hands b")).isEmpty(), "attendee text is text");

        // Questions: Ada asks from her home page, Bo upvotes, the instructor sees the vote.
        ada.get(adaApp.url("/"));
        waitFor(ada, d -> d.findElement(By.id("wl-question")).isDisplayed());
        ada.findElement(By.id("wl-question")).sendKeys("Why <i>1013</i> and not 1008?");
        ada.findElement(By.cssSelector(".wl-ask button")).click();
        waitFor(instructor, d -> text(d, ".wd-questions").contains("Why <i>1013</i> and not 1008? · Ada"));
        waitFor(bo, d -> !d.findElements(By.cssSelector(".wl-questions li button")).isEmpty());
        bo.findElement(By.cssSelector(".wl-questions li button")).click();
        waitFor(instructor, d -> text(d, ".wd-questions").contains("1 vote"));
        waitFor(bo, d -> d.findElements(By.cssSelector(".wl-questions li button")).isEmpty()); // once each

        // The workshop server restarts on the same port. Meanwhile Bo saves a fourth failure.
        int port = workshop.port();
        workshop.close();
        save(boRoot, wrong(4));
        waitFor(bo, GRADING, d -> text(d, ".wl-sharing").contains("reconnecting"));
        workshop = TestApp.workshopOn(workshopRoot, port);
        logInAndOpenDashboard();
        // Everything acknowledged is back from the file; Bo's save made while it was down arrives.
        waitForRow("Ada", Duration.ofSeconds(5), "passed");
        waitFor(instructor, d -> text(d, ".wd-hands").contains("<b>help</b> with 1013"));
        waitFor(instructor, d -> text(d, ".wd-questions").contains("1 vote"));
        waitForRow("Bo", Duration.ofSeconds(30), "4 attempts", "stuck");
        waitFor(instructor, Duration.ofSeconds(30), d -> !row("Ada").contains("offline") && !row("Bo").contains("offline") ? true : null);

        // The instructor lowers Bo's hand and marks the question answered: the attendees see both.
        instructor.findElement(By.cssSelector(".wd-hands button")).click();
        waitFor(bo, d -> !d.findElements(By.cssSelector(".wl-raise")).isEmpty());
        instructor.findElement(By.xpath("//ol[@class='wd-questions']//button[text()='Answered']")).click();
        waitFor(ada, d -> text(d, ".wl-questions").contains("answered"));

        // Bo stops sharing: his row goes offline, and nothing more is sent.
        bo.findElement(By.cssSelector(".wl-stop")).click();
        waitForRow("Bo", Duration.ofSeconds(15), "offline");
        waitFor(bo, d -> d.findElement(By.id("wl-url")).isDisplayed());
        assertTrue(browsers.instructor().consoleErrors().isEmpty(), browsers.instructor().consoleErrors().toString());
    }
}
