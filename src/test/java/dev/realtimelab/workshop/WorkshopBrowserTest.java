package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.Chromium;
import dev.realtimelab.TestApp;
import java.time.Duration;
import java.util.List;
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
 * One instructor browser and two attendee browsers in one workshop: follow (stop, read ahead,
 * catch up, reconnect), the presenter's timer and notes, a poll launched, answered, tallied
 * live and revealed, and a chat message the instructor hides disappearing for everyone.
 */
@Tag("browser")
class WorkshopBrowserTest {
    static TestApp app;
    static WorkshopBrowsers browsers;
    static ChromeDriver instructor;
    static ChromeDriver ada;
    static ChromeDriver bo;
    static final String BO = "Zo\u00eb \u674e\u96f7";

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> instructor);
    @RegisterExtension
    final TestWatcher adaScreenshots = Chromium.screenshotsOnFailure(() -> ada);

    @BeforeAll
    static void start() {
        app = TestApp.workshop("127.0.0.1");
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
        if (app != null) {
            app.close();
        }
    }

    static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50)).until(condition);
    }

    static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Where the attendee's page is: path and hash. */
    static String at(WebDriver driver) {
        return (String) js(driver, "return location.pathname + location.hash");
    }

    static void waitAt(WebDriver driver, String where) {
        waitFor(driver, d -> at(d).equals(where) && js(d, "return document.querySelector('.workshop-bar')?.dataset.at") != null);
    }

    /** The instructor moves the room through the presenter page (the lesson picker, or Next). */
    static void chooseLesson(String slug) {
        js(instructor, "const s = document.getElementById('ws-lesson'); s.value = '" + slug + "'; s.dispatchEvent(new Event('change'));");
        waitFor(instructor, d -> js(d, "return document.getElementById('ws-lesson').value").equals(slug)
                && !d.findElement(By.cssSelector(".ws-current")).getText().isEmpty());
    }

    static void next() {
        String before = instructor.findElement(By.cssSelector(".ws-current")).getText();
        instructor.findElement(By.cssSelector(".ws-next-button")).click();
        waitFor(instructor, d -> !d.findElement(By.cssSelector(".ws-current")).getText().equals(before));
    }

    static void join(WebDriver driver, String name) {
        driver.get(app.url("/workshop"));
        driver.findElement(By.id("workshop-name")).sendKeys(name);
        driver.findElement(By.cssSelector(".workshop-join-form button")).click();
        waitFor(driver, d -> js(d, "return document.querySelector('.workshop-bar')?.dataset.at") != null);
    }

    @Test
    void aWorkshopWithOneInstructorAndTwoAttendees() {
        // The instructor logs in with the printed link; the key ends up in a cookie, not the address.
        instructor.get(app.app().workshop().loginLink());
        waitFor(instructor, d -> d.getCurrentUrl().endsWith("/workshop/instructor"));
        waitFor(instructor, d -> !d.findElement(By.cssSelector(".ws-current")).getText().isEmpty());
        assertFalse(instructor.getCurrentUrl().contains("token"));

        join(ada, "Ada");
        join(bo, BO); // a name in two scripts, typed as is

        // Follow: both pages move with the instructor, to another lesson and to a section of it.
        chooseLesson("rooms");
        waitAt(ada, "/lessons/rooms");
        waitAt(bo, "/lessons/rooms");
        next();
        waitAt(ada, "/lessons/rooms#what-a-room-is");
        waitAt(bo, "/lessons/rooms#what-a-room-is");

        // Ada stops following and reads ahead; Bo keeps following.
        ada.findElement(By.cssSelector(".ws-follow-toggle")).click();
        waitFor(ada, d -> d.findElement(By.cssSelector(".ws-follow-toggle")).getText().equals("Catch up"));
        ada.get(app.url("/lessons/event-stream"));
        waitFor(ada, d -> js(d, "return document.querySelector('.workshop-bar')?.dataset.at") != null);
        next();
        waitAt(bo, "/lessons/rooms#try-it");
        waitFor(ada, d -> "rooms#try-it".equals(js(d, "return document.querySelector('.workshop-bar').dataset.at")));
        assertEquals("/lessons/event-stream", at(ada), "a reader who stopped following stays where they are");
        // One click catches up.
        ada.findElement(By.cssSelector(".ws-follow-toggle")).click();
        waitAt(ada, "/lessons/rooms#try-it");

        // Reconnect: Bo's page goes away and comes back on the home page: it lands where the instructor is.
        bo.get(app.url("/"));
        waitAt(bo, "/lessons/rooms#try-it");

        // A poll: launched, answered on both devices, tallied live, revealed.
        instructor.findElement(By.cssSelector(".ws-launch[data-number='1']")).click();
        waitFor(ada, d -> !d.findElements(By.cssSelector(".ws-poll:not([hidden]) .ws-answer")).isEmpty());
        waitFor(bo, d -> !d.findElements(By.cssSelector(".ws-poll:not([hidden]) .ws-answer")).isEmpty());
        ada.findElements(By.cssSelector(".ws-answer")).get(0).click();
        bo.findElements(By.cssSelector(".ws-answer")).get(1).click();
        waitFor(instructor, d -> counts(d).equals(List.of("1", "1", "0", "0")));
        waitFor(bo, d -> "true".equals(d.findElements(By.cssSelector(".ws-answer")).get(1).getAttribute("aria-pressed")));
        bo.findElements(By.cssSelector(".ws-answer")).get(0).click(); // Bo changes his mind: the vote is replaced
        waitFor(instructor, d -> counts(d).equals(List.of("2", "0", "0", "0")));
        assertTrue(ada.findElements(By.cssSelector(".ws-right")).isEmpty(), "no result before the reveal");
        instructor.findElement(By.cssSelector(".ws-reveal")).click();
        waitFor(ada, d -> !d.findElements(By.cssSelector(".ws-right")).isEmpty());
        waitFor(bo, d -> !d.findElements(By.cssSelector(".ws-explain")).isEmpty());
        assertTrue(ada.findElement(By.cssSelector(".ws-right")).getText().contains("2 of 2"), ada.findElement(By.cssSelector(".ws-right")).getText());

        // The chat: Ada writes, everyone sees it, the instructor hides it, it disappears everywhere.
        ada.findElement(By.cssSelector(".ws-chat summary")).click();
        ada.findElement(By.cssSelector(".ws-chat-form input")).sendKeys("<b>hi</b> from Ada");
        ada.findElement(By.cssSelector(".ws-chat-form button")).click();
        for (WebDriver driver : List.of(ada, bo, instructor)) {
            waitFor(driver, d -> js(d, "return [...document.querySelectorAll('.ws-messages li')].some(li => li.textContent.includes('<b>hi</b> from Ada'))"));
        }
        instructor.findElement(By.cssSelector(".ws-messages .ws-hide")).click();
        for (WebDriver driver : List.of(ada, bo, instructor)) {
            waitFor(driver, d -> js(d, "return ![...document.querySelectorAll('.ws-messages li')].some(li => li.textContent.includes('from Ada'))"));
        }
        // Bo's name shows as typed, on every page, as the sender of his message.
        bo.findElement(By.cssSelector(".ws-chat summary")).click();
        bo.findElement(By.cssSelector(".ws-chat-form input")).sendKeys("cze\u015b\u0107");
        bo.findElement(By.cssSelector(".ws-chat-form button")).click();
        for (WebDriver driver : List.of(ada, bo, instructor)) {
            waitFor(driver, d -> js(d, "return [...document.querySelectorAll('.ws-messages li strong')].some(s => s.textContent === '" + BO + "')"));
        }

        // The presenter: notes of the current section and a running timer against the lesson's minutes.
        chooseLesson("workshop-mode");
        waitFor(instructor, d -> d.findElement(By.cssSelector(".ws-notes")).getText().contains("QR code full screen"));
        assertEquals("15", instructor.findElement(By.cssSelector(".ws-minutes")).getText());
        String first = instructor.findElement(By.cssSelector(".ws-elapsed")).getText();
        assertTrue(first.matches("0:0[0-9]"), first);
        waitFor(instructor, d -> !d.findElement(By.cssSelector(".ws-elapsed")).getText().equals(first));
        assertFalse(instructor.findElement(By.cssSelector(".ws-pace")).getText().isEmpty());
        waitAt(ada, "/lessons/workshop-mode");
        assertFalse(ada.getPageSource().contains("QR code full screen"), "attendees never see the notes");
        assertTrue(browsers.ada().consoleErrors().isEmpty(), browsers.ada().consoleErrors().toString());
    }

    /** The tally table's counts, read in one script: the table is redrawn as votes arrive. */
    @SuppressWarnings("unchecked")
    static List<String> counts(WebDriver driver) {
        return (List<String>) js(driver, "return [...document.querySelectorAll('.ws-tally .ws-count')].map(td => td.textContent)");
    }
}
