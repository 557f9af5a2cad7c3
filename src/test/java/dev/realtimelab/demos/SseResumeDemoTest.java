package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The sse-resume demo of lesson 03 in a real browser. Every test loads the page afresh, so it
 * gets a demo session of its own on the server.
 */
class SseResumeDemoTest extends BrowserTest {
    static final String DEMO = "section[data-demo='sse-resume']";

    static void click(String label) {
        find(DEMO).findElement(By.xpath(".//button[normalize-space()='" + label + "']")).click();
    }

    static String text(String css) {
        return find(DEMO + " " + css).getDomProperty("textContent");
    }

    static long latest() {
        String latest = text(".sse-latest");
        return latest.matches("\\d+") ? Long.parseLong(latest) : -1;
    }

    static void waitForLatestAtLeast(long number) {
        waitFor(Duration.ofSeconds(20), d -> latest() >= number);
    }

    static void waitForLog(String expected) {
        waitFor(Duration.ofSeconds(20), d -> text(".demo-log").contains(expected));
    }

    @BeforeEach
    void openLesson() {
        consoleErrors();
        open("/lessons/sse-reliability");
        click("Start");
        waitForLatestAtLeast(3);
    }

    @Test
    void aDroppedStreamResumesFromTheLastNumberWithNoGapAndNoRepeat() {
        click("Drop the connection");
        waitFor(Duration.ofSeconds(20), d -> text(".sse-reconnects").equals("1"));
        waitFor(Duration.ofSeconds(20), d -> text(".sse-server-saw").matches("\\d+"));

        String lastBeforeDrop = text(".sse-before-drop");
        assertTrue(lastBeforeDrop.matches("\\d+"), lastBeforeDrop);
        assertEquals(lastBeforeDrop, text(".sse-server-saw"),
                "the Last-Event-ID the server received is the last number the page saw");
        // Numbers keep coming after the reconnect, and every one is checked.
        waitForLatestAtLeast(Long.parseLong(lastBeforeDrop) + 5);
        String continuity = text(".sse-continuity");
        assertTrue(continuity.startsWith("no gaps, no repeats across 1 reconnect"), continuity);
        assertTrue(text(".demo-log").contains("(from the header)"), "the browser sent it as a header");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void a204EndsTheEventSourceForGood() throws InterruptedException {
        click("Drop, answer the reconnect with 204");
        waitForLog("closed for good, no retry");
        assertEquals("2", find(DEMO + " .demo-status").getDomAttribute("data-ready-state"));
        assertTrue(text(".demo-status").contains("204"), text(".demo-status"));
        long latest = latest();

        Thread.sleep(3000); // three times the retry delay: a reconnect would have happened by now
        assertEquals("0", text(".sse-reconnects"), "no reconnect after a 204");
        assertEquals(latest, latest(), "no number after a 204");
        assertTrue(text(".demo-status").contains("2 (CLOSED)"));

        // A new EventSource picks up where the old one stopped, through the URL.
        click("Start");
        waitFor(Duration.ofSeconds(20), d -> text(".sse-reconnects").equals("1"));
        waitForLatestAtLeast(latest + 3);
        assertEquals(text(".sse-before-drop"), text(".sse-server-saw"));
        assertTrue(text(".demo-log").contains("(from the query)"), text(".demo-log"));
        assertTrue(text(".sse-continuity").startsWith("no gaps, no repeats"), text(".sse-continuity"));
    }

    @Test
    void a503EndsTheEventSourceForGood() {
        click("Drop, answer the reconnect with 503");
        waitForLog("closed for good, no retry");
        assertEquals("2", find(DEMO + " .demo-status").getDomAttribute("data-ready-state"));
        assertTrue(text(".demo-status").contains("503"), text(".demo-status"));
        assertEquals("0", text(".sse-reconnects"));
    }
}
