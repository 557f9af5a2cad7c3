package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.TlsBrowserTestBase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Lab 11's mixed-content rule in Chromium, with the course started with --tls. */
class TlsBrowserTest extends TlsBrowserTestBase {
    static String waitForText(WebElement element, String text) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50))
                    .until(d -> element.getText().contains(text) ? element.getText() : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited for \"" + text + "\" in:\n" + element.getText(), e);
        }
    }

    @Test
    void anHttpsPageCannotOpenWsToAnotherHostButOpensWss() {
        driver.get("https://localhost:" + app.port() + "/lessons/untrusted-input");
        WebElement demo = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("section[data-demo='lab-tls'] button[data-scheme='ws']")))
                .findElement(By.xpath("ancestor::section[@data-demo='lab-tls']"));
        WebElement log = demo.findElement(By.cssSelector("pre.demo-log"));

        // The page's own policy refuses ws:// first (connect-src 'self' on an https page).
        demo.findElement(By.cssSelector("button[data-scheme='ws']")).click();
        waitForText(log, "ws://localhost:" + app.port() + "/labs/echo: refused by this page's Content-Security-Policy");

        // Without that policy (the probe frame), the browser's mixed-content rule refuses ws://
        // to any host but localhost, in the constructor.
        demo.findElement(By.cssSelector("button[data-scheme='mixed']")).click();
        String blocked = waitForText(log, "blocked by the browser before anything was sent: mixed content");
        assertTrue(blocked.contains("SecurityError") && blocked.contains("insecure WebSocket connection"), blocked);

        demo.findElement(By.cssSelector("button[data-scheme='wss']")).click();
        waitForText(log, "wss://localhost:" + app.port() + "/labs/echo: echoed \"hello over TLS\"");
    }

    @Test
    void anHttpPageOfTheSameCourseOffersTheHttpsLinkAndOpensBoth() {
        driver.get("http://localhost:" + app.port() + "/lessons/untrusted-input");
        WebElement demo = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElement(By.cssSelector("section[data-demo='lab-tls'] button[data-scheme='ws']")))
                .findElement(By.xpath("ancestor::section[@data-demo='lab-tls']"));
        WebElement link = new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> demo.findElement(By.cssSelector("a.lab-https-link")).isDisplayed() ? demo.findElement(By.cssSelector("a.lab-https-link")) : null);
        assertTrue(link.getAttribute("href").startsWith("https://localhost:" + app.port() + "/lessons/untrusted-input"), link.getAttribute("href"));
        WebElement log = demo.findElement(By.cssSelector("pre.demo-log"));
        demo.findElement(By.cssSelector("button[data-scheme='ws']")).click();
        waitForText(log, "echoed \"hello over plain TCP\"");
        demo.findElement(By.cssSelector("button[data-scheme='wss']")).click();
        waitForText(log, "echoed \"hello over TLS\"");
        demo.findElement(By.cssSelector("button[data-scheme='mixed']")).click();
        waitForText(log, "mixed content is about https pages");
    }
}
