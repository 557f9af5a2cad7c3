package dev.realtimelab.workshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.Chromium;
import dev.realtimelab.TestApp;
import dev.realtimelab.security.RemoteHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The instructor's phone drives the room: a phone-sized browser on another host (Chromium run
 * inside a network namespace the test makes, see {@link RemoteHost}) scans the pairing link the
 * instructor's page shows, steps and jumps through the lesson, and an attendee's page follows;
 * once the instructor unpairs it, the phone moves nothing.
 */
@Tag("browser")
class PhoneRemoteBrowserTest {
    static RemoteHost remote;
    static TestApp app;
    static Chromium laptop;
    static Chromium attendeeBrowser;
    static Chromium phoneBrowser;

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> phoneBrowser == null ? null : phoneBrowser.webDriver());
    @RegisterExtension
    final TestWatcher laptopScreenshots = Chromium.screenshotsOnFailure(() -> laptop == null ? null : laptop.driver());

    @BeforeAll
    static void start() {
        Chromium.requireChromium();
        remote = RemoteHost.create();
        app = TestApp.workshop("0.0.0.0");
        laptop = Chromium.start();
        attendeeBrowser = Chromium.start();
        phoneBrowser = Chromium.startOn(remote, 390, 844);
    }

    @AfterAll
    static void stop() {
        for (Chromium browser : new Chromium[] {phoneBrowser, attendeeBrowser, laptop}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (app != null) {
            app.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    static <T> T waitFor(WebDriver driver, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(50)).until(condition);
    }

    static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    static String phoneAt(WebDriver phone) {
        return (String) js(phone, "return document.querySelector('.ws-remote-where').dataset.at || null");
    }

    /** Waits until the attendee's page is at the lesson and section {@code at} ("slug#section"). */
    static void attendeeAt(WebDriver attendee, String at) {
        String slug = at.substring(0, at.indexOf('#'));
        String section = at.substring(at.indexOf('#') + 1);
        String where = "/lessons/" + slug + (section.isEmpty() ? "" : "#" + section);
        waitFor(attendee, d -> where.equals(js(d, "return location.pathname + location.hash"))
                && at.equals(js(d, "return document.querySelector('.workshop-bar')?.dataset.at")));
    }

    @Test
    void thePhonePairsMovesTheRoomAndIsUnpaired() {
        WebDriver instructor = laptop.driver();
        WebDriver attendee = attendeeBrowser.driver();
        WebDriver phone = phoneBrowser.webDriver();
        instructor.get(app.app().workshop().loginLink());
        waitFor(instructor, d -> !d.findElement(By.cssSelector(".ws-current")).getText().isEmpty());
        attendee.get(app.url("/workshop"));
        attendee.findElement(By.id("workshop-name")).sendKeys("Ada");
        attendee.findElement(By.cssSelector(".workshop-join-form button")).click();
        waitFor(attendee, d -> js(d, "return document.querySelector('.workshop-bar')?.dataset.at") != null);

        // The instructor's page shows a QR code and the link for each join address.
        instructor.findElement(By.cssSelector(".ws-pair")).click();
        String origin = "http://" + remote.serverAddress() + ":" + app.port();
        String link = waitFor(instructor, d -> d.findElements(By.cssSelector(".ws-pair-link")).stream().map(WebElement::getText)
                .filter(t -> t.startsWith(origin + "/workshop/remote#pair=")).findFirst().orElse(null));
        waitFor(instructor, d -> (Boolean) js(d, "return [...document.querySelectorAll('.ws-pair-list img')].every(i => i.complete && i.naturalWidth > 0)"));

        // The phone, on the room's network, opens it: paired, and the token has left the address bar.
        phone.get(link);
        waitFor(phone, d -> phoneAt(d) != null);
        assertEquals("Paired: this phone moves the room.", phone.findElement(By.cssSelector(".ws-remote-status")).getText());
        assertEquals(origin + "/workshop/remote", phone.getCurrentUrl());
        waitFor(instructor, d -> d.findElement(By.cssSelector(".ws-remote-state")).getText().startsWith("A phone is paired"));
        assertFalse(instructor.findElement(By.cssSelector(".ws-pair-offer")).isDisplayed(), "the spent code is taken off the screen");

        // Usable at 390 px: nothing wider than the screen, and thumb-sized buttons.
        @SuppressWarnings("unchecked")
        Map<String, Object> fit = (Map<String, Object>) js(phone, "const b = document.querySelector('.ws-remote-next').getBoundingClientRect();"
                + "return { inner: innerWidth, scroll: document.documentElement.scrollWidth, width: b.width, height: b.height };");
        assertEquals(390L, ((Number) fit.get("inner")).longValue(), fit.toString());
        assertTrue(((Number) fit.get("scroll")).longValue() <= 390, fit.toString());
        assertTrue(((Number) fit.get("height")).doubleValue() >= 64 && ((Number) fit.get("width")).doubleValue() >= 150, fit.toString());

        // Next moves the room, and the attendee's page follows.
        String before = phoneAt(phone);
        phone.findElement(By.cssSelector(".ws-remote-next")).click();
        String next = waitFor(phone, d -> before.equals(phoneAt(d)) ? null : phoneAt(d));
        attendeeAt(attendee, next);
        // So does going to a section from the list, and the presenter view agrees.
        List<WebElement> sections = phone.findElements(By.cssSelector(".ws-remote-sections button"));
        WebElement last = sections.get(sections.size() - 1);
        String heading = last.getText();
        last.click();
        String jumped = waitFor(phone, d -> next.equals(phoneAt(d)) ? null : phoneAt(d));
        attendeeAt(attendee, jumped);
        waitFor(instructor, d -> d.findElement(By.cssSelector(".ws-current")).getText().equals(heading));
        phone.findElement(By.cssSelector(".ws-remote-prev")).click();
        waitFor(phone, d -> jumped.equals(phoneAt(d)) ? null : phoneAt(d));
        assertTrue(phoneBrowser.consoleErrors().isEmpty(), phoneBrowser.consoleErrors().toString());

        // The instructor unpairs it: the phone moves nothing any more, and says why.
        instructor.findElement(By.cssSelector(".ws-unpair")).click();
        waitFor(instructor, d -> d.findElement(By.cssSelector(".ws-remote-state")).getText().equals("No phone is paired."));
        String stays = (String) js(attendee, "return document.querySelector('.workshop-bar').dataset.at");
        phone.findElement(By.cssSelector(".ws-remote-next")).click();
        waitFor(phone, d -> d.findElement(By.cssSelector(".ws-remote-status")).getText().contains("not paired"));
        assertFalse(phone.findElement(By.cssSelector(".ws-remote-next")).isEnabled());
        assertEquals(stays, js(attendee, "return document.querySelector('.workshop-bar').dataset.at"));
    }
}
