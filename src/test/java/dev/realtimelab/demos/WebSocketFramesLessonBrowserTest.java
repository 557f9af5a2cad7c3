package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;

/** The frame builder of lesson 05, driven in Chromium on the lesson page. */
class WebSocketFramesLessonBrowserTest extends BrowserTest {
    private static final String FRAMES = "section[data-demo='ws-frames'] ";
    private static final String SERVER_HEX = FRAMES + ".frames-s2c .frames-hex";
    private static final String CLIENT_HEX = FRAMES + ".frames-c2s .frames-hex";

    @BeforeEach
    void openLesson() {
        consoleErrors(); // drop what earlier tests left in the browser log
        open("/lessons/websocket-frames");
    }

    private static String waitForHex(String css, String prefix) {
        return waitFor(d -> {
            try {
                var found = d.findElements(By.cssSelector(css));
                return !found.isEmpty() && found.get(0).getText().startsWith(prefix) ? found.get(0).getText() : null;
            } catch (StaleElementReferenceException e) {
                return null; // the widget replaced its output between the lookup and the read: look again
            }
        });
    }

    @Test
    void helloBecomesTheRfcFramesInBothDirections() {
        assertEquals("81 05 48 65 6c 6c 6f", waitForHex(SERVER_HEX, "81 05"));
        String randomlyMasked = waitForHex(CLIENT_HEX, "81 85");
        assertEquals(11, randomlyMasked.split(" ").length, randomlyMasked);

        type(FRAMES + ".frames-key", "37fa213d");
        assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", waitForHex(CLIENT_HEX, "81 85 37 fa 21 3d"));
        String fields = widget(FRAMES + ".frames-c2s .frames-fields").getText();
        assertTrue(fields.contains("masking key"), fields);
        assertTrue(fields.contains("\"Hello\""), fields);
        assertNotEquals(randomlyMasked, widget(CLIENT_HEX).getText());
        assertEquals(List.of(), consoleErrors(), "no script error and no CSP violation");
    }

    @Test
    void presetsShowTheLongerLengthFormsAndFragments() {
        widget(FRAMES + ".frames-presets").findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().equals("64 KiB binary")).findFirst().orElseThrow().click();
        String large = waitForHex(SERVER_HEX, "82 7f");
        assertTrue(large.startsWith("82 7f 00 00 00 00 00 01 00 00"), large);

        widget(FRAMES + ".frames-presets").findElements(By.tagName("button")).stream()
                .filter(b -> b.getText().equals("RFC: \"Hel\" + \"lo\"")).findFirst().orElseThrow().click();
        waitForHex(SERVER_HEX, "01 03");
        var frames = driver.findElements(By.cssSelector(SERVER_HEX));
        assertEquals("01 03 48 65 6c", frames.get(0).getText());
        assertEquals("80 02 6c 6f", frames.get(1).getText());
    }

    @Test
    void badInputIsExplainedInsteadOfEncoded() {
        new Select(widget(FRAMES + ".frames-type")).selectByValue("ping");
        waitForHex(SERVER_HEX, "89 05");
        type(FRAMES + ".frames-fragments", "2");
        waitForText(FRAMES + ".demo-status", "never fragmented");
        assertTrue(widget(FRAMES + ".demo-status").getAttribute("class").contains("bad"));
        assertTrue(driver.findElements(By.cssSelector(SERVER_HEX)).isEmpty());
    }
}
