package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TlsBrowserTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Lesson 08's connection limit in Chromium, on the course started with --tls (one port, both
 * schemes): over http:// (HTTP/1.1) the seventh EventSource and a fetch wait; over https://
 * (HTTP/2 by ALPN) all seven open. The browser accepts the test's self-signed certificate.
 */
class ConnectionLimitBrowserTest extends TlsBrowserTestBase {
    static final String DEMO = "section[data-demo='compare-limit'] ";

    /** Opens the lesson at {@code origin}, runs the experiment, returns the readyState column. */
    static List<String> runAt(String origin) {
        driver.get(origin + "/lessons/choosing-websocket-or-sse");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50));
        wait.until(d -> d.findElement(By.cssSelector(DEMO + ".limit-open"))).click();
        wait.until(d -> d.findElements(By.cssSelector(DEMO + ".limit-table tbody tr")).size() == 7);
        List<String> states = driver.findElements(By.cssSelector(DEMO + ".limit-table tbody tr td:nth-child(2)"))
                .stream().map(td -> td.getText()).toList();
        return states;
    }

    @Test
    void overHttp1TheSeventhWaitsAndOverHttp2AllOpen() {
        List<String> http1 = runAt("http://localhost:" + app.port());
        // Six connections to the origin: the page's verdict stream (the exercise card's) holds one.
        assertEquals(5, http1.stream().filter(s -> s.startsWith("1 OPEN")).count(), http1.toString());
        assertEquals(2, http1.stream().filter(s -> s.startsWith("0 CONNECTING")).count(), http1.toString());
        String fetched = driver.findElement(By.cssSelector(DEMO + ".limit-fetch")).getText();
        assertTrue(fetched.contains("waited"), fetched);
        driver.findElement(By.cssSelector(DEMO + ".limit-close")).click();

        List<String> http2 = runAt("https://localhost:" + app.port());
        assertTrue(driver.findElement(By.cssSelector(DEMO + ".demo-status")).getText().length() > 0);
        assertEquals(7, http2.stream().filter(s -> s.startsWith("1 OPEN")).count(), http2.toString());
        String fetched2 = driver.findElement(By.cssSelector(DEMO + ".limit-fetch")).getText();
        assertTrue(fetched2.contains("answered"), fetched2);
        assertEquals("h2", driver.executeScript("return performance.getEntriesByType('navigation')[0].nextHopProtocol"));
    }

    @Test
    void onTheTlsPortTheWireExperimentShowsEachEventInADataFrame() {
        String demo = "section[data-demo='compare-wire'] ";
        driver.get("https://localhost:" + app.port() + "/lessons/choosing-websocket-or-sse");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(50));
        wait.until(d -> d.findElement(By.cssSelector(demo + ".wire-run"))).click();
        wait.until(d -> d.findElement(By.cssSelector(demo + ".demo-status")).getText().startsWith("Recorded"));
        // textContent: the table scrolls sideways, and Selenium's getText leaves out what is scrolled away
        String firstRow = driver.findElement(By.cssSelector(demo + ".wire-messages tbody tr td:last-child")).getAttribute("textContent");
        assertTrue(firstRow.endsWith("frame header 9)"), "the 5-byte message's event over HTTP/2: " + firstRow);
        assertTrue(driver.findElement(By.cssSelector(demo + ".wire-raw")).getText().contains("DATA length"));
    }
}
