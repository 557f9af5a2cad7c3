package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every security lab in Chromium, the way a learner uses it: the attack succeeds against the
 * deliberately vulnerable endpoint and fails against the fixed one, and the page says so.
 */
class SecurityLabsBrowserTest extends BrowserTest {
    static final Duration SLOW = Duration.ofSeconds(25);

    static WebElement demo(String id) {
        return find("section[data-demo='" + id + "']");
    }

    static void click(String demo, String label) {
        waitFor(d -> {
            List<WebElement> buttons = demo(demo).findElements(By.xpath(".//button[normalize-space()=\"" + label + "\"]"));
            return buttons.isEmpty() ? null : buttons.get(0);
        }).click();
    }

    static String waitForTextIn(WebElement element, String text, Duration timeout) {
        return waitFor(timeout, d -> element.getText().contains(text) ? element.getText() : null);
    }

    static String secretAfterLogin(String demo) {
        click(demo, "Log in to the lab");
        String status = waitForTextIn(demo(demo).findElement(By.cssSelector(".demo-status")), "Your secret:", SLOW);
        Matcher secret = Pattern.compile("Your secret: ([a-z]+-[a-z]+-[0-9]{4})").matcher(status);
        assertTrue(secret.find(), status);
        return secret.group(1);
    }

    @Test
    void lab08TheAttackerReadsTheSecretFromTheUncheckedSocketOnly() {
        open("/lessons/cross-site-websocket-hijacking");
        String secret = secretAfterLogin("lab-hijack");
        WebElement link = waitFor(d -> {
            WebElement a = demo("lab-hijack").findElement(By.cssSelector("a.lab-attacker-link"));
            return "false".equals(a.getAttribute("aria-disabled")) ? a : null;
        });
        int attackerPort = app.app().security().attackerPort();
        assertEquals("http://localhost:" + attackerPort + "/", link.getAttribute("href"));

        String lesson = driver.getWindowHandle();
        Set<String> before = driver.getWindowHandles();
        link.click();
        String attacker = waitFor(d -> d.getWindowHandles().stream().filter(h -> !before.contains(h)).findFirst().orElse(null));
        driver.switchTo().window(attacker);
        try {
            WebElement unchecked = waitFor(SLOW, d -> d.findElement(By.cssSelector("#attack-unchecked .result[data-state='stolen']")));
            assertTrue(unchecked.getText().contains(secret), unchecked.getText());
            WebElement checked = waitFor(SLOW, d -> d.findElement(By.cssSelector("#attack-checked .result:not([data-state='waiting'])")));
            assertEquals("refused", checked.getAttribute("data-state"), checked.getText());
            assertFalse(checked.getText().contains(secret));
            WebElement stream = waitFor(SLOW, d -> d.findElement(By.cssSelector("#attack-stream .result:not([data-state='waiting'])")));
            assertEquals("blocked", stream.getAttribute("data-state"), stream.getText());
            // Failed for good (readyState CLOSED), not merely silent until the page gave up:
            assertTrue(stream.getText().contains("the browser failed the EventSource"), stream.getText());
        } finally {
            driver.close();
            driver.switchTo().window(lesson);
        }

        WebElement serverLog = demo("lab-hijack").findElement(By.cssSelector("pre[aria-label='What the server saw']"));
        String origin = "Origin http://localhost:" + attackerPort;
        waitForTextIn(serverLog, "/labs/hijack/unchecked: handshake from " + origin + " carried learner's lab cookie", SLOW);
        waitForTextIn(serverLog, "refused /labs/hijack/checked from 127.0.0.1 with 403: " + origin + " is not allowed", SLOW);
        waitForTextIn(serverLog, "/labs/hijack/stream: EventSource request from " + origin + " carried learner's lab cookie", SLOW);

        // The checked socket still serves the course's own page.
        click("lab-hijack", "Open both sockets from this page");
        WebElement pageLog = demo("lab-hijack").findElement(By.cssSelector("pre[aria-label='This page']"));
        waitForTextIn(pageLog, "/labs/hijack/checked: {\"user\":\"learner\",\"secret\":\"" + secret + "\"}", SLOW);
    }

    static WebElement column(String key) {
        return demo("lab-auth").findElement(By.cssSelector(".lab-column[data-column='" + key + "']"));
    }

    static void press(WebElement column, String action) {
        column.findElement(By.cssSelector("button[data-action='" + action + "']")).click();
    }

    @Test
    void lab09TheLoggedTokenStillWorksTheLoggedTicketDoesNotAndLogoutClosesOnlyTheTicketSocket() {
        open("/lessons/authentication");
        String secret = secretAfterLogin("lab-auth");
        WebElement token = column("token");
        WebElement ticket = column("ticket");
        WebElement tokenLog = token.findElement(By.cssSelector("pre"));
        WebElement ticketLog = ticket.findElement(By.cssSelector("pre"));
        WebElement accessLog = demo("lab-auth").findElement(By.cssSelector("pre[aria-label=\"The server's access log and notes\"]"));

        press(token, "connect");
        waitForTextIn(tokenLog, "\"with\":\"a token in the URL\"", SLOW);
        press(ticket, "connect");
        waitForTextIn(ticketLog, "\"with\":\"a one-time ticket\"", SLOW);
        waitForTextIn(accessLog, "\"GET /labs/auth/url-token?token=", SLOW);
        waitForTextIn(accessLog, "\"GET /labs/auth/socket?ticket=", SLOW);

        press(token, "replay");
        waitForTextIn(tokenLog, "replay: connected. Whoever reads the log can be you.", SLOW);
        press(ticket, "replay");
        waitForTextIn(ticketLog, "replay: closed: 1006", SLOW);
        waitForTextIn(accessLog, "ticket unknown, already used, expired or from another origin", SLOW);

        press(token, "staff");
        waitForTextIn(tokenLog, "door code is 4711", SLOW);
        press(ticket, "staff");
        waitForTextIn(ticketLog, "learner may not read the room staff", SLOW);
        assertFalse(ticketLog.getText().contains("4711"));

        click("lab-auth", "Log out");
        waitForTextIn(ticketLog, "closed: 1008 (policy violation: not allowed, do not retry as is): session ended: you logged out", SLOW);
        press(token, "secret");
        waitForTextIn(tokenLog, secret, SLOW);
    }

    @Test
    void lab10MallorysScriptRunsInTheInnerHtmlRendererAndIsTextInTheOther() {
        open("/lessons/untrusted-input");
        click("lab-xss", "Join the chat");
        WebElement log = demo("lab-xss").findElement(By.cssSelector("pre.demo-log"));
        waitForTextIn(log, "Mallory joined the chat", SLOW);
        waitForTextIn(log, "you joined the chat", SLOW);
        String payload = demo("lab-xss").findElement(By.cssSelector("textarea")).getAttribute("value");
        click("lab-xss", "Send as Mallory");
        waitForTextIn(demo("lab-xss").findElement(By.cssSelector(".demo-status")), "Mallory's script ran in the innerHTML renderer", SLOW);

        WebElement htmlFrame = demo("lab-xss").findElement(By.cssSelector("iframe[data-render='html']"));
        WebElement textFrame = demo("lab-xss").findElement(By.cssSelector("iframe[data-render='text']"));
        assertEquals("allow-scripts", htmlFrame.getAttribute("sandbox"));
        driver.switchTo().frame(htmlFrame);
        try {
            assertEquals("owned", find("body").getAttribute("class"));
            assertTrue(find("body").getText().contains("A script from a chat message is running in this page!"));
        } finally {
            driver.switchTo().defaultContent();
        }
        driver.switchTo().frame(textFrame);
        try {
            waitFor(d -> d.findElements(By.cssSelector("#messages li")).size() == 1);
            assertEquals(payload, find("#messages li").getText());
            assertFalse("owned".equals(find("body").getAttribute("class")));
        } finally {
            driver.switchTo().defaultContent();
        }
        assertFalse(log.getText().contains("a script ran in the textContent frame"));
        assertFalse("owned".equals(find("body").getAttribute("class")), "the course's own page is untouched");
    }

    static String attack(String endpoint, String attack) {
        WebElement column = waitFor(d -> demo("lab-abuse").findElement(By.cssSelector(".lab-column[data-endpoint='" + endpoint + "']")));
        column.findElement(By.cssSelector("button[data-attack='" + attack + "']")).click();
        WebElement result = column.findElement(By.cssSelector(".lab-result"));
        waitFor(SLOW, d -> attack.equals(result.getAttribute("data-result")));
        return result.getText();
    }

    @Test
    void lab10TheUnprotectedEndpointTakesEveryAbuseAndTheProtectedOneRefusesEach() {
        open("/lessons/untrusted-input");
        String big = attack("unprotected", "big");
        assertTrue(big.contains("accepted a 100 KB message"), big);
        big = attack("protected", "big");
        assertTrue(big.contains("closed: 1009 (message too big)"), big);

        assertTrue(attack("unprotected", "flood").contains("50 of 50 accepted"));
        String flood = attack("protected", "flood");
        Matcher accepted = Pattern.compile("(\\d+) of 50 accepted, then closed: 1013 \\(try again later\\): rate limit exceeded: 5 messages per second").matcher(flood);
        assertTrue(accepted.find(), flood);
        int passed = Integer.parseInt(accepted.group(1));
        assertTrue(passed >= 10 && passed < 20, "the burst of 10 and a little refill: " + flood);

        assertTrue(attack("unprotected", "sockets").contains("5 of 5 opened"));
        String sockets = attack("protected", "sockets");
        assertTrue(sockets.contains("3 of 5 opened"), sockets);

        assertTrue(attack("unprotected", "schema").contains("\"accepted\":1"));
        assertTrue(attack("protected", "schema").contains("invalid message: text must be a string; unknown field admin"));

        assertTrue(attack("unprotected", "quiet").contains("still open after 8 s"));
        String quiet = attack("protected", "quiet");
        assertTrue(quiet.contains("closed by the server: 1001 (going away): Connection Idle Timeout"), quiet);

        WebElement serverLog = demo("lab-abuse").findElement(By.cssSelector("pre[aria-label='What the server saw']"));
        waitForTextIn(serverLog, "refused /labs/abuse/protected from 127.0.0.1 with 1013: rate limit exceeded", SLOW);
        assertTrue(serverLog.getText().contains("with 429") || serverLog.getText().contains("with 1013"), serverLog.getText());
    }

    @Test
    void lab10OverPlainHttpWsWorksAndWssNeedsTheTlsOption() {
        open("/lessons/untrusted-input");
        WebElement log = waitFor(d -> demo("lab-tls").findElement(By.cssSelector("pre.demo-log"))); // once the widget has mounted
        waitForTextIn(log, "the course runs without --tls", SLOW);
        demo("lab-tls").findElement(By.cssSelector("button[data-scheme='ws']")).click();
        waitForTextIn(log, "/labs/echo: echoed \"hello over plain TCP\"", SLOW);
        demo("lab-tls").findElement(By.cssSelector("button[data-scheme='wss']")).click();
        waitForTextIn(log, "wss://localhost:" + app.port() + "/labs/echo: failed", SLOW);
    }
}
