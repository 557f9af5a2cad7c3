package dev.realtimelab.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.Chromium;
import dev.realtimelab.TestApp;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.testkit.TestRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Lesson 13's live demo in a real browser. With a real redis-server (skipped with a message
 * without one, failed when CI is set): the page starts a second instance, joins one room as a
 * WebSocket member on A and an EventSource member on B, sees the same ids in the same order,
 * stops B and watches the event stream resume on A with exactly what it missed. Without Redis:
 * the demo says how to start it, with no error.
 */
@Tag("browser")
class ScalingDemoBrowserTest {
    static final String DEMO = "section[data-demo='scale-out']";
    TestRedis redis;
    TestApp app;
    Chromium chromium;
    ChromeDriver driver;

    @RegisterExtension
    final TestWatcher screenshots = Chromium.screenshotsOnFailure(() -> driver);

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).until(condition);
    }

    void openLesson() {
        chromium = Chromium.start();
        driver = chromium.driver();
        driver.get(app.url("/lessons/scaling-out"));
        waitFor(Duration.ofSeconds(10), d -> !d.findElements(By.cssSelector(DEMO + "[data-ready][data-redis]")).isEmpty());
    }

    WebElement button(String startsWith) {
        return driver.findElements(By.cssSelector(DEMO + " .demo-controls button")).stream()
                .filter(b -> b.getText().startsWith(startsWith)).findFirst().orElseThrow();
    }

    void click(String startsWith) {
        WebElement button = button(startsWith);
        waitFor(Duration.ofSeconds(10), d -> button.isEnabled());
        button.click();
    }

    HttpResponse<String> post(String path) {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Origin", app.url(""))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void twoInstancesOneRoomAndAResumeOnTheSurvivor() {
        redis = TestRedis.start();
        app = TestApp.withRedis(redis.url());
        openLesson();
        click("1. Start instance B");
        click("2. Join the room");
        click("3. Ada sends");
        WebElement compare = driver.findElement(By.cssSelector(DEMO + " .scale-compare"));
        waitFor(Duration.ofSeconds(10), d -> compare.getText().startsWith("Same messages, same order, same ids"));
        List<String> before = List.of(compare.getDomAttribute("data-bo").split(","));
        assertEquals(3, before.size(), compare.getDomAttribute("data-bo"));
        int second = parse(app.get("/scaling/instances").body()).path("second").asInt();
        assertTrue(listening(second), "instance B listens on " + second);

        click("4. Stop instance B");
        try {
            waitFor(Duration.ofSeconds(20), d -> compare.getDomAttribute("data-done") != null);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no resume; the demo shows:\n" + driver.findElement(By.cssSelector(DEMO)).getText()
                    + "\nconsole: " + chromium.consoleErrors(), e);
        }
        assertEquals("same", compare.getDomAttribute("data-done"), compare.getText());
        String ada = compare.getDomAttribute("data-ada");
        String bo = compare.getDomAttribute("data-bo");
        assertEquals(ada, bo, "the same ids in the same order on both members");
        List<Long> ids = List.of(bo.split(",")).stream().map(Long::parseLong).toList();
        assertEquals(5, ids.size(), bo);
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(ids.get(i - 1) + 1, ids.get(i), "no gap and no repeat: " + bo);
        }
        String boLog = driver.findElements(By.cssSelector(DEMO + " .scale-log")).get(1).getText();
        assertTrue(boLog.contains("reconnected to A with the last event id Bo saw, " + before.get(2)), boLog);
        assertFalse(listening(second), "instance B is stopped");
        assertTrue(chromium.consoleErrors().stream().noneMatch(e -> e.contains("Content Security Policy")), chromium.consoleErrors().toString());

        // At most one second instance; it stops with the first.
        int again = parse(post("/scaling/instances/second").body()).path("second").asInt();
        assertEquals(again, parse(post("/scaling/instances/second").body()).path("second").asInt());
        assertTrue(listening(again));
        app.close();
        app = null;
        assertFalse(listening(again), "the second instance stops with the first");
    }

    @Test
    void theSecondInstanceTakesTheFirstOnesPagesAndNoOtherOrigin() {
        redis = TestRedis.start();
        app = TestApp.withRedis(redis.url());
        int second = parse(post("/scaling/instances/second").body()).path("second").asInt();
        HttpResponse<String> noOrigin = app.send(HttpRequest.newBuilder(app.uri("/scaling/instances/second"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, noOrigin.statusCode(), "starting instances needs the page's Origin");
        HttpResponse<String> foreign = app.send(HttpRequest.newBuilder(app.uri("/scaling/instances/second"))
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, foreign.statusCode());
        // B answers A's pages with CORS, and refuses another origin (or another port of the same host).
        for (String origin : List.of(app.url(""), "http://127.0.0.1:" + app.port())) {
            HttpResponse<String> head = streamHead(second, origin);
            assertEquals(200, head.statusCode(), origin);
            assertEquals(origin, head.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        }
        assertEquals(403, streamHead(second, "http://evil.example").statusCode());
        assertEquals(403, streamHead(second, "http://localhost:" + (app.port() == 65535 ? 1 : app.port() + 7)).statusCode());
        // A itself sends no CORS header to anyone.
        assertTrue(streamHead(app.port(), "http://localhost:" + second).statusCode() == 403);
        post("/scaling/instances/second/stop");
        assertFalse(listening(second));
    }

    @Test
    void withoutRedisTheDemoSaysHowToStartIt() {
        app = new TestApp();
        openLesson();
        String text = driver.findElement(By.cssSelector(DEMO + " .demo-body")).getText();
        assertTrue(text.contains("redis-server --port 6379"), text);
        assertTrue(text.contains("--redis redis://127.0.0.1:6379"), text);
        assertTrue(text.contains("Last-Event-ID"), text);
        assertTrue(driver.findElements(By.cssSelector(DEMO + " .demo-controls button")).isEmpty());
        assertEquals(List.of(), chromium.consoleErrors());
        HttpResponse<String> refused = post("/scaling/instances/second");
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("--redis"), refused.body());
        assertNotEquals(null, parse(app.get("/scaling/instances").body()).path("redis"));
    }

    /** The head of a room stream on {@code port}, asked for with {@code origin}; the stream is then dropped. */
    HttpResponse<String> streamHead(int port, String origin) {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/sse/room/lobby"))
                .header("Origin", origin).timeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<java.io.InputStream> response = app.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new HeadOnly(response);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /** A streamed response seen only as its status and headers. */
    record HeadOnly(HttpResponse<java.io.InputStream> response) implements HttpResponse<String> {
        public int statusCode() { return response.statusCode(); }
        public HttpRequest request() { return response.request(); }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return response.headers(); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return response.sslSession(); }
        public java.net.URI uri() { return response.uri(); }
        public java.net.http.HttpClient.Version version() { return response.version(); }
    }
}
