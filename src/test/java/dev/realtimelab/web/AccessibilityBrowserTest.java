package dev.realtimelab.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.realtimelab.BrowserTest;
import dev.realtimelab.TestApp;
import dev.realtimelab.course.Lesson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Every page a reader sees, with its demos started, at desktop (1280 px) and phone (390 px)
 * width (and the dark theme's colours at desktop width): no serious or critical axe-core violation, and at
 * phone width nothing wider than the screen (wide code, tables and widgets scroll in their
 * own box). One browser for all of it; the violations are printed in the failure message.
 * The workshop's pages (join, the attendee's follow view, instructor, slides, the phone remote)
 * are checked the same way, on an app in workshop mode, each in the state a person sees it.
 */
class AccessibilityBrowserTest extends BrowserTest {
    static final List<Integer> WIDTHS = List.of(1280, 390);
    static final Set<String> BLOCKING = Set.of("serious", "critical");
    /** Buttons that start a demo: logging in first, so the lab sockets that need it can open. */
    static final Pattern LOG_IN = Pattern.compile("Log in to the lab");
    static final Pattern START = Pattern.compile("Connect|Start|Start the clock stream|Join|Join the chat|Open ws://|Show frames");

    @AfterEach
    void desktopAgain() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeScript("localStorage.clear()");
    }

    @Test
    void everyPageHasNoSeriousViolationAndFitsAPhone() {
        List<String> pages = new ArrayList<>(List.of("/", "/exercises", "/search?q=WebSocket", "/no-such-page"));
        app.course().lessons().stream().map(Lesson::path).forEach(pages::add);
        String attackerPage = "http://localhost:" + app.app().security().attackerPort() + "/";
        // -Daxe.only=/lessons/slug checks the pages whose path contains it, for a change to one page
        String only = System.getProperty("axe.only", "");
        pages.removeIf(page -> !page.contains(only));

        List<String> problems = new ArrayList<>();
        int violations = 0;
        for (int width : WIDTHS) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            for (String page : pages) {
                violations += check(app.url(page), width, problems);
            }
            if (only.isEmpty()) {
                violations += check(attackerPage, width, problems);
            }
        }
        System.out.println("axe: " + violations + " serious or critical violations (rule x page x width x theme) on "
                + pages + ", " + problems.size() + " problems in all");
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /**
     * Workshop part 2's pages, filled: the instructor's progress dashboard with an attendee, a
     * hand and a question, and an attendee's home page and a lesson while it shares (the join
     * form is on "/" above).
     */
    @Test
    void theProgressDashboardAndTheSharingPanelHaveNoSeriousViolation() throws Exception {
        java.nio.file.Path workshopRoot = dev.realtimelab.grading.GradingFixture.copy();
        java.nio.file.Path attendeeRoot = dev.realtimelab.grading.GradingFixture.copyWithWorkspace();
        TestApp workshop = TestApp.workshopOn(workshopRoot);
        TestApp attendee = TestApp.attendee(attendeeRoot,
                new dev.realtimelab.App.WorkshopJoin(workshop.url("/workshop"), workshop.app().attendance().joinCode(), "Ada"));
        try {
            for (String[] action : new String[][] {{"/workshop-link/hand", "{\"note\":\"stuck on 1013\"}"},
                    {"/workshop-link/ask", "{\"text\":\"Why not 1008?\"}"}}) {
                java.net.http.HttpResponse<String> sent = attendee.send(java.net.http.HttpRequest.newBuilder(attendee.uri(action[0]))
                        .header("Origin", attendee.url("")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(action[1])).build());
                assertTrue(sent.statusCode() == 200, sent.body());
            }
            driver.get(workshop.app().workshop().loginLink());
            waitFor(d -> d.getCurrentUrl().endsWith("/workshop/instructor"));
            List<String> problems = new ArrayList<>();
            for (int width : WIDTHS) {
                driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                        Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
                driver.get(workshop.url("/workshop/instructor/dashboard"));
                waitFor(d -> (Boolean) driver.executeScript("return document.querySelector('.wd-questions').textContent.includes('Why not 1008?')"
                        + " && document.querySelector('.wd-hands').textContent.includes('stuck on 1013')"
                        + " && document.querySelectorAll('.wd-grid tbody tr').length === 1"));
                check(driver.getCurrentUrl(), width, problems);
                driver.get(attendee.url("/"));
                waitFor(d -> (Boolean) driver.executeScript("return !!document.querySelector('.wl-sharing')"
                        + " && document.querySelector('.wl-questions').textContent.includes('Why not 1008?')"));
                check(driver.getCurrentUrl(), width, problems);
                driver.get(attendee.url("/lessons/fixture"));
                waitFor(d -> (Boolean) driver.executeScript("return !!document.querySelector('.wl-badge')"));
                check(driver.getCurrentUrl(), width, problems);
            }
            assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
        } finally {
            attendee.close();
            workshop.close();
            dev.realtimelab.grading.GradingFixture.delete(workshopRoot);
            dev.realtimelab.grading.GradingFixture.delete(attendeeRoot);
        }
    }

    @Test
    void everyWorkshopPageHasNoSeriousViolationAndFitsAPhone() {
        List<String> problems = new ArrayList<>();
        try (TestApp workshop = TestApp.workshop("127.0.0.1")) {
            // Before joining: the join form.
            forEachWidth(width -> check(workshop.url("/workshop"), width, problems));
            // The instructor: presenter with a pairing code on offer and a poll running, and the slides.
            driver.get(workshop.app().workshop().loginLink());
            waitFor(d -> d.getCurrentUrl().endsWith("/workshop/instructor"));
            String instructor = "rl_instructor=" + driver.manage().getCookieNamed("rl_instructor").getValue();
            post(workshop, "/workshop/instructor/move", instructor, "{\"lesson\":\"rooms\",\"section\":\"\"}");
            post(workshop, "/workshop/instructor/poll", instructor, "{\"lesson\":\"rooms\",\"number\":1}");
            forEachWidth(width -> check(workshop.url("/workshop/instructor"), width, problems, () -> {
                waitFor(d -> !d.findElement(By.cssSelector(".ws-current")).getText().isEmpty()
                        && !d.findElements(By.cssSelector(".ws-tally .ws-count")).isEmpty());
                find(".ws-pair").click();
                waitFor(d -> (Boolean) driver.executeScript("const i = [...document.querySelectorAll('.ws-pair-list img')];"
                        + " return i.length > 0 && i.every(x => x.complete && x.naturalWidth > 0)"));
            }));
            forEachWidth(width -> check(workshop.url("/workshop/instructor/slides"), width, problems,
                    () -> waitFor(d -> d.findElement(By.cssSelector(".ws-slide-where")).getText().contains("of"))));
            // The phone remote, paired by a fresh code each time (a code works once).
            forEachWidth(width -> {
                String offer = post(workshop, "/workshop/instructor/pairing", instructor, "{}");
                String link = offer.replaceFirst("(?s).*\"(http://[^\"]*#pair=[0-9a-f]+)\".*", "$1");
                check(link, width, problems, () -> waitFor(d -> driver.executeScript(
                        "return document.querySelector('.ws-remote-where').dataset.at || null") != null));
            });
            // An attendee: the join page once joined, and a lesson with the workshop bar, its poll and chat open.
            driver.get(workshop.url("/workshop"));
            find("#workshop-name").sendKeys("Zo\u00eb");
            find(".workshop-join-form button").click();
            waitFor(d -> driver.executeScript("return document.querySelector('.workshop-bar')?.dataset.at") != null);
            forEachWidth(width -> check(workshop.url("/lessons/rooms"), width, problems, () -> {
                waitFor(d -> !d.findElements(By.cssSelector(".ws-poll:not([hidden]) .ws-answer")).isEmpty());
                find(".ws-chat summary").click();
            }));
        } finally {
            driver.manage().deleteAllCookies(); // localhost cookies reach every port: the other tests start clean
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /**
     * Lesson 13's demo in the state a reader with Redis sees: two instances, one room, messages
     * compared (the page above checks it as a reader without Redis sees it).
     */
    @Test
    void theScalingDemoWithTwoInstancesHasNoSeriousViolation() {
        List<String> problems = new ArrayList<>();
        String demo = "section[data-demo='scale-out']";
        try (dev.realtimelab.testkit.TestRedis redis = dev.realtimelab.testkit.TestRedis.start();
                TestApp scaled = TestApp.withRedis(redis.url())) {
            forEachWidth(width -> check(scaled.url("/lessons/scaling-out"), width, problems, () -> {
                waitFor(d -> !d.findElements(By.cssSelector(demo + "[data-redis]")).isEmpty());
                for (String step : List.of("1. Start instance B", "2. Join the room", "3. Ada sends")) {
                    WebElement button = driver.findElements(By.cssSelector(demo + " .demo-controls button")).stream()
                            .filter(b -> b.getText().startsWith(step)).findFirst().orElseThrow();
                    waitFor(d -> button.isEnabled());
                    button.click();
                }
                waitFor(d -> d.findElement(By.cssSelector(demo + " .scale-compare")).getText().startsWith("Same messages"));
            }));
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems:\n" + String.join("\n", problems));
    }

    /** Runs {@code check} at each width, with the screen set to it. */
    void forEachWidth(java.util.function.IntConsumer check) {
        for (int width : WIDTHS) {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
            check.accept(width);
        }
    }

    /** A POST to the workshop as the instructor (the key taken from the browser); returns the body. */
    static String post(TestApp workshop, String path, String cookie, String json) {
        var answer = workshop.send(java.net.http.HttpRequest.newBuilder(workshop.uri(path)).header("Origin", workshop.url(""))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build());
        assertTrue(answer.statusCode() == 200, path + ": " + answer.statusCode() + " " + answer.body());
        return answer.body();
    }

    @Test
    void theEchoDemoWorksFromTheKeyboardAloneWithAVisibleFocus() {
        open("/lessons/websocket-handshake");
        tabTo("section[data-demo='ws-echo'] .echo-connect");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitForText("section[data-demo='ws-echo'] .demo-log", "open: readyState 1 (OPEN)");
        tabTo("section[data-demo='ws-echo'] .echo-send-text");
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        waitForText("section[data-demo='ws-echo'] .demo-log", "message: text");
        // The log itself is a tab stop, so a keyboard can scroll it.
        tabTo("section[data-demo='ws-echo'] .demo-log");
    }

    /** Presses Tab until the element is focused, and checks that the focus shows. */
    static void tabTo(String css) {
        WebElement target = find(css);
        for (int i = 0; i < 400 && !target.equals(driver.switchTo().activeElement()); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        assertTrue(target.equals(driver.switchTo().activeElement()), "Tab never reaches " + css);
        String outline = (String) driver.executeScript(
                "const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth", target);
        assertTrue(!outline.startsWith("none") && !outline.endsWith(" 0px"), css + " shows no focus: outline " + outline);
    }

    /** Loads one page, starts its demos, checks it in both themes; returns the violations found. */
    int check(String url, int width, List<String> problems) {
        return check(url, width, problems, () -> {});
    }

    /** As above, with {@code ready} run once the page has loaded: it brings the page to the state to check. */
    int check(String url, int width, List<String> problems, Runnable ready) {
        driver.get(url);
        waitFor(d -> (Boolean) driver.executeScript("return document.readyState === 'complete'"
                + " && document.querySelectorAll('[data-demo]:not([data-ready])').length === 0"));
        startDemos();
        ready.run();
        int found = 0;
        // The dark theme changes colours only, which do not depend on the width: checked once, at desktop width.
        for (String theme : width == WIDTHS.get(0) ? List.of("light", "dark") : List.of("light")) {
            driver.executeScript("document.documentElement.dataset.theme = arguments[0]", theme);
            String where = url.replaceFirst("^http://(localhost|127\\.0\\.0\\.1):\\d+", "").replaceFirst("#pair=.*", "#pair=…")
                    + " at " + width + " px, " + theme;
            // Every rule in the light theme; in the dark one, the only rule a theme can change.
            AxeBuilder axe = theme.equals("light") ? new AxeBuilder() : new AxeBuilder().withOnlyRules(List.of("color-contrast"));
            Results results = axe.analyze(driver);
            if (results.isErrored()) {
                problems.add(where + ": axe failed: " + results.getErrorMessage());
            }
            for (Rule rule : results.getViolations()) {
                if (!BLOCKING.contains(rule.getImpact())) {
                    continue;
                }
                found++;
                StringBuilder text = new StringBuilder(where + ": " + rule.getImpact() + " " + rule.getId()
                        + " (" + rule.getHelp() + "), " + rule.getNodes().size() + " element(s):");
                for (CheckedNode node : rule.getNodes().subList(0, Math.min(5, rule.getNodes().size()))) {
                    text.append("\n    ").append(node.getTarget()).append(" ").append(shorten(node.getHtml()))
                            .append("\n      ").append(shorten(String.valueOf(node.getFailureSummary()).replace('\n', ' ')));
                }
                problems.add(text.toString());
            }
        }
        if (width < 600) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fit = (Map<String, Object>) driver.executeScript(
                    "const over = (e) => e.getBoundingClientRect().right > innerWidth + 1;"
                            + "const scrolls = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {"
                            + "  if (getComputedStyle(p).overflowX !== 'visible') return p !== document.documentElement && p !== document.body; } return false; };"
                            + "const spills = (e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible';"
                            + "const wide = [...document.querySelectorAll('body *')].filter(e => (over(e) || spills(e)) && !scrolls(e)).slice(0, 5)"
                            + ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replace(/ /g, '.') : ''));"
                            + "return { scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, wide: wide.join(', ') };");
            long scrollWidth = ((Number) fit.get("scrollWidth")).longValue();
            long innerWidth = ((Number) fit.get("innerWidth")).longValue();
            if (scrollWidth > innerWidth) {
                problems.add(url.replaceFirst("^http://localhost:\\d+", "") + " at " + width + " px: the page is "
                        + scrollWidth + " px wide, wider than the " + innerWidth + " px screen; too wide: " + fit.get("wide"));
            }
        }
        return found;
    }

    /** Clicks the buttons that start each demo, and gives their logs a moment to fill. */
    void startDemos() {
        List<WebElement> demos = driver.findElements(By.cssSelector("[data-demo]"));
        if (demos.isEmpty()) {
            return;
        }
        for (Pattern which : List.of(LOG_IN, START)) {
            for (WebElement demo : demos) {
                for (WebElement button : demo.findElements(By.tagName("button"))) {
                    if (which.matcher(button.getText().strip()).matches() && button.isEnabled() && button.isDisplayed()) {
                        driver.executeScript("arguments[0].click()", button);
                    }
                }
            }
            if (which == LOG_IN) {
                waitQuietly(d -> (Boolean) driver.executeScript(
                        "return [...document.querySelectorAll('[data-demo^=lab-] .demo-status')].every(s => !/^Log in/.test(s.textContent))"));
            }
        }
        // Not an assertion: the logs of what was started get a few lines, where they will.
        waitQuietly(d -> (Boolean) driver.executeScript(
                "return [...document.querySelectorAll('[data-demo] .demo-log')].every(l => l.childElementCount > 0)"));
    }

    static void waitQuietly(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        try {
            waitFor(Duration.ofSeconds(1), d -> condition.apply(d) ? true : null);
        } catch (TimeoutException e) {
            // some logs stay empty until the reader acts: check the page as it is
        }
    }

    static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
