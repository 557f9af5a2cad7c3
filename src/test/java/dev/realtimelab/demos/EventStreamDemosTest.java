package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The demos of lesson 02 in a real browser: sse-clock and sse-raw. */
class EventStreamDemosTest extends BrowserTest {
    static final String CLOCK = "section[data-demo='sse-clock']";
    static final String RAW = "section[data-demo='sse-raw']";

    static void click(String section, String label) {
        find(section).findElement(By.xpath(".//button[normalize-space()='" + label + "']")).click();
    }

    /** The element's whole text, scrolled out of view or not, with spaces as they are. */
    static String text(String css) {
        return find(css).getDomProperty("textContent");
    }

    static void waitForContent(String css, String expected) {
        waitFor(Duration.ofSeconds(20), d -> text(css).contains(expected));
    }

    static long lines(String text, String prefix) {
        return text.lines().filter(l -> l.contains(prefix)).count();
    }

    @Test
    void theClockShowsTicksAndStatsAndStopsWhenAsked() throws InterruptedException {
        consoleErrors();
        open("/lessons/event-stream");
        click(CLOCK, "Start");
        waitForText(CLOCK + " .demo-status", "1 (OPEN)");
        waitForContent(CLOCK + " .demo-log", "stats  lastEventId=\"6\"");

        String log = text(CLOCK + " .demo-log");
        assertTrue(log.contains("tick  lastEventId=\"1\"  data=\""), log);
        assertTrue(log.contains("stats  lastEventId=\"6\"  data=\"ticks so far: 5\\nclock streams open on the server: "),
                "the two data lines arrive joined by a newline: " + log);
        String counters = text(CLOCK + " .sse-counters");
        assertTrue(counters.contains("stats listener: 1"), counters);
        assertTrue(counters.endsWith("onmessage: 0"), "every event is named, so onmessage never fires: " + counters);

        click(CLOCK, "Stop");
        waitForText(CLOCK + " .demo-status", "2 (CLOSED)");
        long ticks = lines(text(CLOCK + " .demo-log"), "tick  lastEventId=");
        Thread.sleep(2500); // longer than two ticks: a stream still open would have shown more
        assertEquals(ticks, lines(text(CLOCK + " .demo-log"), "tick  lastEventId="), "no tick after Stop");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void rawShowsTheBytesBesideTheEventsEventSourceMadeOfThem() {
        consoleErrors();
        open("/lessons/event-stream");
        click(RAW, "Start the clock stream");
        waitForContent(RAW + " .sse-raw-events", "type=stats");

        String raw = text(RAW + " .sse-raw-text");
        assertTrue(raw.contains("HTTP 200, Content-Type: text/event-stream"), raw);
        assertTrue(raw.contains(": clock: a tick every second, stats every 5th\\n\n"), raw);
        assertTrue(raw.contains("retry: 3000\\n\n"), raw);
        assertTrue(raw.contains("id: 1\\n\nevent: tick\\n\ndata: "), raw);
        assertTrue(raw.contains("event: stats\\n\ndata: ticks so far: 5\\n\ndata: clock streams open on the server: "), raw);

        String events = text(RAW + " .sse-raw-events");
        assertTrue(events.contains("type=tick  lastEventId=\"1\"  data=\""), events);
        assertTrue(events.contains("type=stats  lastEventId=\"6\"  data=\"ticks so far: 5\\nclock streams open on the server: "), events);
        assertFalse(events.contains("a tick every second"), "the comment never becomes an event");
        assertFalse(events.contains("3000"), "neither does the retry line");
        click(RAW, "Stop");

        click(RAW, "Load the parsing sample");
        waitForContent(RAW + " .sse-raw-events", "events dispatched");
        events = text(RAW + " .sse-raw-events");
        assertTrue(events.contains("type=sample  lastEventId=\"s1\"  data=\"no space after the colon\\n two spaces: only the first is removed\\n\""), events);
        assertTrue(events.contains("type=message  lastEventId=\"s1\"  data=\"no id line here, yet lastEventId is still s1\""), events);
        assertEquals(2, lines(events, "type="), "exactly two events come out of the sample: " + events);
        assertFalse(events.contains("discarded"), "the unfinished last event is dropped");
        assertFalse(events.contains("case-sensitive") || events.contains("colour"), "unknown fields leave no trace");

        raw = text(RAW + " .sse-raw-text");
        assertTrue(raw.contains("[BOM]: a comment"), raw);
        assertTrue(raw.contains("id: s1\\r\\n\nevent: sample\\r\ndata:no space after the colon\\n\n"), raw);
        assertTrue(raw.contains("end of the response"), raw);
        assertEquals(List.of(), consoleErrors());
    }
}
