package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** Lesson 06's chat: one message reaches every pane, over both transports, shown as plain text. */
class ChatDemoTest extends BrowserTest {
    static final String DEMO = "section[data-demo='chat'] ";

    static String pane(String member) {
        return DEMO + ".chat-pane[data-member='" + member + "'] ";
    }

    static void joinRoom(String room) {
        open("/lessons/rooms");
        WebElement roomBox = waitFor(d -> d.findElements(By.cssSelector(DEMO + ".chat-room")).stream().findFirst().orElse(null));
        roomBox.clear();
        roomBox.sendKeys(room, Keys.ENTER);
    }

    static void say(String member, String text) {
        WebElement input = waitFor(d -> {
            WebElement box = d.findElement(By.cssSelector(pane(member) + ".chat-form input"));
            return box.isEnabled() ? box : null;
        });
        input.sendKeys(text, Keys.ENTER);
    }

    @Test
    void aMessageReachesEveryPaneWhateverTheTransport() {
        consoleErrors();
        String room = "chat-test-" + System.nanoTime() % 100000;
        joinRoom(room);
        for (String member : List.of("ada", "bo", "cy")) {
            waitForText(pane(member) + ".chat-members", "3 in the room");
        }

        say("ada", "hello from Ada over a socket");
        for (String member : List.of("ada", "bo", "cy")) {
            waitForText(pane(member) + ".chat-log", "hello from Ada over a socket");
        }

        // Cy sends with POST; the WebSocket panes get it. Markup stays text.
        say("cy", "<b>bold?</b> from Cy");
        for (String member : List.of("ada", "bo", "cy")) {
            waitForText(pane(member) + ".chat-log", "<b>bold?</b> from Cy");
            assertTrue(driver.findElements(By.cssSelector(pane(member) + ".chat-log b")).isEmpty(),
                    "what a user typed is rendered as text, never as HTML");
        }
        assertTrue(find(pane("cy") + ".chat-log").getText().contains("#2 Cy-"), "Cy sees the message number");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void presenceShowsJoinsAndLeavesFromOutsideThePage() throws Exception {
        String room = "presence-" + System.nanoTime() % 100000;
        joinRoom(room);
        waitForText(pane("cy") + ".chat-members", "3 in the room");

        // Another member joins from outside the page, like a second tab would.
        WebSocket outsider = app.http().newWebSocketBuilder()
                .header("Origin", app.url(""))
                .buildAsync(app.wsUri("/ws/room/" + room + "?name=Outsider"), new WebSocket.Listener() {})
                .get(10, TimeUnit.SECONDS);
        for (String member : List.of("ada", "bo", "cy")) {
            waitForText(pane(member) + ".chat-members", "4 in the room");
            waitForText(pane(member) + ".chat-log", "Outsider joined");
        }
        outsider.sendText("hi from outside", true).get(10, TimeUnit.SECONDS);
        waitForText(pane("bo") + ".chat-log", "Outsider: hi from outside");

        outsider.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        for (String member : List.of("ada", "bo", "cy")) {
            waitForText(pane(member) + ".chat-log", "Outsider left");
            waitForText(pane(member) + ".chat-members", "3 in the room");
        }
    }

    @Test
    void aSecondTabJoinsTheSameRoom() {
        String room = "two-tabs-" + System.nanoTime() % 100000;
        joinRoom(room);
        waitForText(pane("ada") + ".chat-members", "3 in the room");
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        try {
            joinRoom(room);
            waitForText(pane("bo") + ".chat-members", "6 in the room");
            say("bo", "from the second tab");
            driver.switchTo().window(first);
            waitFor(Duration.ofSeconds(15), d -> find(pane("ada") + ".chat-log").getText().contains("from the second tab"));
            waitForText(pane("ada") + ".chat-members", "6 in the room");
        } finally {
            for (String handle : driver.getWindowHandles()) {
                if (!handle.equals(first)) {
                    driver.switchTo().window(handle).close();
                }
            }
            driver.switchTo().window(first);
        }
    }

    @Test
    void aBadRoomNameIsCaughtBeforeConnecting() {
        joinRoom("Not A Room");
        WebElement status = waitForText(DEMO + ".demo-status", "1 to 32 characters");
        assertTrue(status.getAttribute("class").contains("bad"));
        assertFalse(find(pane("ada") + ".chat-form input").isEnabled(), "nobody joined");
    }
}
