package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Lesson 07's reconnect demo: after the server drops the connection, and after it goes silent,
 * the client reconnects (a new row in the timeline) and the ticks carry on with no gap and no repeat.
 */
class WsReconnectDemoTest extends BrowserTest {
    static final String DEMO = "section[data-demo='ws-reconnect'] ";
    static final Pattern RUN = Pattern.compile("received 1\\.\\.(\\d+) with no gap and no repeat");

    static void click(String label) {
        WebElement button = waitFor(d -> d.findElements(By.cssSelector(DEMO + "button")).stream()
                .filter(b -> b.getText().equals(label) && b.isEnabled()).findFirst().orElse(null));
        button.click();
    }

    /** The last tick of an unbroken run from 1; fails if the summary reports a gap or a repeat. */
    static int cleanRun() {
        String summary = find(DEMO + ".rs-summary").getText();
        Matcher m = RUN.matcher(summary);
        assertTrue(m.matches(), "expected an unbroken run, got: " + summary);
        return Integer.parseInt(m.group(1));
    }

    static void waitForRunPast(int tick) {
        waitFor(Duration.ofSeconds(20), d -> RUN.matcher(find(DEMO + ".rs-summary").getText()).matches() && cleanRun() > tick);
    }

    static int connectedRows() {
        return (int) driver.findElements(By.cssSelector(DEMO + ".rs-attempt")).stream()
                .filter(row -> row.getText().contains("connected") && !row.getText().contains("connecting")).count();
    }

    @Test
    void dropsAndSilenceEndInAReconnectWithoutAGap() {
        consoleErrors();
        open("/lessons/keeping-websockets-alive");
        click("Connect");
        waitForRunPast(4);
        assertTrue(find(DEMO + ".rs-timeline").getText().contains("first connection"), "the first connection is in the timeline");

        // The server cuts the TCP connection: the browser sees 1006 and retries.
        int beforeDrop = cleanRun();
        int connectionsBeforeDrop = connectedRows();
        click("Drop the connection");
        waitForText(DEMO + ".rs-timeline", "connection lost: closed 1006");
        waitFor(Duration.ofSeconds(15), d -> connectedRows() > connectionsBeforeDrop);
        waitForRunPast(beforeDrop + 8);
        assertTrue(find(DEMO + ".rs-timeline").getText().contains("attempt 1"), "the retry is drawn with its delay");

        // The server stays connected but silent: only the heartbeat can notice.
        int beforeSilence = cleanRun();
        int connectionsBeforeSilence = connectedRows();
        click("Stop answering pings");
        waitFor(Duration.ofSeconds(20), d -> find(DEMO + ".rs-timeline").getText().contains("heartbeat timeout"));
        waitFor(Duration.ofSeconds(15), d -> connectedRows() > connectionsBeforeSilence);
        waitForRunPast(beforeSilence + 24); // the ticks of the silent seconds were replayed
        assertTrue(find(DEMO + ".demo-log").getText().contains("missed tick(s) to replay"));

        click("Stop");
        List<String> errors = consoleErrors();
        assertTrue(errors.isEmpty(), "no script errors or CSP violations: " + errors);
    }
}
