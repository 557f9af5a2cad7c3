package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WindowType;

/**
 * A reader with ten lesson tabs open, over HTTP/1.1 (six connections per origin): every tab
 * loads, and a verdict reaches the exercise card in every one of them. The tabs share one
 * verdict stream through a SharedWorker; without SharedWorker, a tab holds a stream only
 * while it is shown.
 */
class ManyTabsBrowserTest extends FixtureCourseBrowserTest {
    static final int TABS = 10;
    static final String CARD = "section.exercise[data-exercise='adder']";

    @AfterEach
    void oneTabAgain() {
        String first = driver.getWindowHandles().iterator().next();
        for (String handle : new ArrayList<>(driver.getWindowHandles())) {
            if (!handle.equals(first)) {
                driver.switchTo().window(handle).close();
            }
        }
        driver.switchTo().window(first);
        driver.get("about:blank");
    }

    @Test
    void tenTabsAllLoadAndAllGetTheVerdict() {
        List<String> tabs = openTabs();
        for (String tab : tabs) {
            driver.switchTo().window(tab);
            assertEquals("shared-worker", find(CARD).getAttribute("data-feed-via"), "this Chromium has SharedWorker");
        }
        checkAndSeeTheVerdictInEveryTab(tabs, true);
    }

    @Test
    void withoutSharedWorkerEachShownTabStillGetsTheVerdict() {
        // As in a browser without SharedWorker (Chrome on Android, say): one stream per shown
        // tab. The script that hides SharedWorker is per tab, so each new tab gets it too.
        Map<String, Object> firstTabScript = null;
        List<String> tabs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                if (i > 0) {
                    driver.switchTo().newWindow(WindowType.TAB);
                }
                Map<String, Object> script = driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                        Map.of("source", "delete window.SharedWorker"));
                if (i == 0) {
                    firstTabScript = script;
                }
                open("/lessons/fixture");
                waitFor(d -> "open".equals(find(CARD).getAttribute("data-feed")) ? true : null);
                assertEquals("tab", find(CARD).getAttribute("data-feed-via"));
                tabs.add(driver.getWindowHandle());
            }
            checkAndSeeTheVerdictInEveryTab(tabs, false);
        } finally {
            if (firstTabScript != null) {
                driver.switchTo().window(tabs.isEmpty() ? driver.getWindowHandle() : tabs.get(0));
                driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                        Map.of("identifier", firstTabScript.get("identifier")));
            }
        }
    }

    /** Opens the fixture's lesson in TABS tabs; each must finish loading and connect its card. */
    static List<String> openTabs() {
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(10));
        List<String> tabs = new ArrayList<>();
        try {
            for (int i = 1; i <= TABS; i++) {
                if (i > 1) {
                    driver.switchTo().newWindow(WindowType.TAB);
                }
                try {
                    open("/lessons/fixture");
                    waitFor(d -> "open".equals(find(CARD).getAttribute("data-feed")) ? true : null);
                } catch (TimeoutException e) {
                    throw new AssertionError("tab " + i + " of " + TABS + " did not finish loading and connect its card", e);
                }
                tabs.add(driver.getWindowHandle());
            }
        } finally {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        }
        return tabs;
    }

    /**
     * Presses "Check now" in the last tab; the starter's verdict (failed) must show in every tab.
     * {@code live}: as it happens, in every tab; otherwise a hidden tab may catch up when shown
     * (its card then reads the state, which says "Last verdict").
     */
    static void checkAndSeeTheVerdictInEveryTab(List<String> tabs, boolean live) {
        Map<String, String> before = new java.util.HashMap<>();
        for (String tab : tabs) {
            driver.switchTo().window(tab);
            before.put(tab, find(CARD + " .verdict-status").getText());
        }
        find(CARD + " .exercise-check").click();
        List<String> missing = new ArrayList<>();
        for (int i = tabs.size() - 1; i >= 0; i--) {
            String tab = tabs.get(i);
            driver.switchTo().window(tab);
            try {
                waitFor(GRADING, d -> {
                    String status = find(CARD + " .verdict-status").getText();
                    boolean fresh = !status.equals(before.get(tab)) && status.contains("tests passed")
                            && find(CARD + " .verdict-status").getAttribute("class").contains("failed");
                    return fresh && (!live || !status.contains("Last verdict")) ? true : null;
                });
            } catch (TimeoutException e) {
                missing.add("tab " + (i + 1) + ": " + find(CARD + " .verdict-status").getText());
            }
        }
        assertTrue(missing.isEmpty(), "the verdict did not reach " + missing);
    }
}
