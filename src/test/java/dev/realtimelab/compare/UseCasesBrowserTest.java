package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;

/** Lesson 08's two use cases, live: the dashboard over SSE updates; two windows share cursors over WebSocket. */
class UseCasesBrowserTest extends BrowserTest {
    static final String PAGE = CompareLessonBrowserTest.PAGE;
    static final String DASHBOARD = "section[data-demo='compare-dashboard'] ";
    static final String CURSORS = "section[data-demo='compare-cursors'] ";

    static int updates() {
        String text = find(DASHBOARD + ".dash-updates").getText(); // "updates received: N, the last at ..."
        return Integer.parseInt(text.replaceAll("^updates received: (\\d+).*$", "$1"));
    }

    @Test
    void theDashboardUpdatesEverySecond() {
        open(PAGE);
        find(DASHBOARD + "button").click(); // Connect
        waitFor(Duration.ofSeconds(10), d -> updates() >= 1 ? true : null);
        int first = updates();
        waitFor(Duration.ofSeconds(10), d -> updates() >= first + 2 ? true : null);
        var values = driver.findElements(By.cssSelector(DASHBOARD + ".dash-table tbody tr"));
        String heap = values.get(0).findElement(By.cssSelector("td")).getText();
        assertTrue(Double.parseDouble(heap) > 0, "heap in use, in MiB: " + heap);
        String dashboards = values.get(6).findElement(By.cssSelector("td")).getText();
        assertTrue(Integer.parseInt(dashboards) >= 1, "this dashboard counts itself: " + dashboards);
        assertEquals(List.of(), CompareLessonBrowserTest.seriousAxeViolations());
        assertEquals(List.of(), consoleErrors());
    }

    static String joinCursors() {
        open(PAGE);
        String name = find(CURSORS + ".cursor-name").getAttribute("value");
        driver.findElements(By.cssSelector(CURSORS + "button")).stream().filter(b -> b.getText().equals("Join")).findFirst()
                .orElseThrow().click();
        waitForText(CURSORS + ".demo-status", "In the room as");
        return name;
    }

    static void moveOver(int x, int y) {
        new Actions(driver).moveToElement(find(CURSORS + ".cursor-area"), x, y).perform();
    }

    static String cursorLine(String name) {
        return waitFor(Duration.ofSeconds(10), d -> d.findElements(By.cssSelector(CURSORS + ".cursor-list li")).stream()
                .filter(li -> li.getText().startsWith(name + ":")).map(li -> li.getText()).findFirst().orElse(null));
    }

    @Test
    void twoWindowsSeeEachOthersCursor() {
        String first = driver.getWindowHandle();
        String ada = joinCursors();
        driver.switchTo().newWindow(WindowType.WINDOW);
        String second = driver.getWindowHandle();
        try {
            String bo = joinCursors();
            assertTrue(!ada.equals(bo), "two random names");
            moveOver(-100, -40); // left and up of the centre
            driver.switchTo().window(first);
            String seen = cursorLine(bo);
            assertTrue(seen.matches(bo + ": \\d+% across, \\d+% down"), seen);
            moveOver(100, 40);
            driver.switchTo().window(second);
            String seenBack = cursorLine(ada);
            assertTrue(seenBack.matches(ada + ": \\d+% across, \\d+% down"), seenBack);
            assertTrue(find(CURSORS + ".cursor-area").getText().contains(ada), "the cursor is drawn as its name in the area");
            assertEquals(List.of(), CompareLessonBrowserTest.seriousAxeViolations());
        } finally {
            driver.switchTo().window(second).close();
            driver.switchTo().window(first);
        }
        assertEquals(List.of(), consoleErrors());
    }
}
