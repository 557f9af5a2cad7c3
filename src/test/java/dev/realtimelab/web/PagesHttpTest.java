package dev.realtimelab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import dev.realtimelab.course.Lesson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pages over real HTTP: content, 404s, path tricks, headers. */
class PagesHttpTest extends AppTest {
    @Test
    void homeShowsTheCourseAndACardPerLesson() {
        HttpResponse<String> home = app.get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (Lesson lesson : app.course().lessons()) {
            assertTrue(home.body().contains("href=\"" + lesson.path() + "\""), "card for " + lesson.slug());
            assertTrue(home.body().contains(lesson.minutes() + " min"), "minutes of " + lesson.slug());
        }
        assertTrue(home.body().contains("WebSocket and Server-Sent Events, in Java"));
    }

    @Test
    void lessonPageHasSidebarHeadingsAndPager() {
        Lesson first = app.course().lessons().get(0);
        Lesson second = app.course().lessons().get(1);
        String page = app.get(first.path()).body();
        assertTrue(page.contains("<h1>" + first.title() + "</h1>") || page.contains(first.title()), "title");
        assertTrue(page.contains("aria-current=\"page\""), "current lesson marked in the sidebar");
        assertTrue(page.contains("href=\"#" + first.headings().get(0).id() + "\""), "headings in the sidebar");
        assertTrue(page.contains("rel=\"next\" href=\"" + second.path() + "\""), "next link");
        assertTrue(app.get(second.path()).body().contains("rel=\"prev\" href=\"" + first.path() + "\""), "prev link");
    }

    @Test
    void unknownPagesGetTheNotFoundPage() {
        HttpResponse<String> missing = app.send(java.net.http.HttpRequest.newBuilder(app.uri("/lessons/no-such-lesson"))
                .header("Accept", "text/html").build());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("There is no page at this address"), missing.body());
        assertEquals(404, app.get("/no/such/page").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/lessons/..%2F..%2Fpom.xml", "/lessons/%2e%2e", "/lessons/..%5Cpom.xml",
        "/lessons/assets/..%2F..%2Fpom.xml", "/lessons/assets/%2Fetc%2Fpasswd", "/lessons/assets/..%5C..%5Cpom.xml",
        "/lessons/assets/.hidden.svg", "/lessons/00-how-this-course-works.md",
        "/lessons//etc/passwd", "/lessons/assets//etc/passwd", "/lessons/../pom.xml"})
    void pathTricksInsideTheCourseGive404(String path) throws IOException {
        RawResponse response = raw(path);
        assertEquals(404, response.status(), path);
        assertFalse(response.body().contains("<artifactId>") || response.body().contains("root:x:"), "no file leaked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/lessons/assets/timeline.svg%00.png", "/../pom.xml", "/css/../../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/css/%2e%2e/%2e%2e/pom.xml"})
    void pathsThatLeaveTheSiteAreRefusedBeforeRouting(String path) throws IOException {
        RawResponse response = raw(path);
        assertNotEquals(200, response.status(), path);
        assertTrue(response.status() == 400 || response.status() == 404, path + " gave " + response.status());
        assertFalse(response.body().contains("<artifactId>") || response.body().contains("root:x:"), "no file leaked");
    }

    @Test
    void lessonAssetsAreServedWithTheirType() {
        HttpResponse<String> svg = app.get("/lessons/assets/timeline.svg");
        assertEquals(200, svg.statusCode());
        assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/lessons/how-this-course-works", "/search?q=x", "/nope", "/css/course.css", "/js/course.js"})
    void securityHeadersOnEveryResponse(String path) {
        HttpResponse<String> response = app.get(path);
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(""), path);
    }

    @Test
    void pagesHaveNoInlineScriptAndLoadNothingFromElsewhere() {
        for (String path : new String[] {"/", app.course().lessons().get(1).path(), "/search?q=socket"}) {
            String html = app.get(path).body();
            assertFalse(html.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), path + " has an inline script");
            assertFalse(html.matches("(?s).*<(script|link|img|iframe)[^>]*(src|href)=\"(https?:)?//.*"),
                    path + " loads something from another host");
            assertFalse(html.contains(" style=\""), path + " has an inline style the CSP would block");
        }
        assertEquals(200, app.get(Page.HIGHLIGHT_JS + "/highlight.min.js").statusCode(), "highlight.js comes from its WebJar");
    }

    @Test
    void searchFindsSectionsAndEscapesTheQuery() {
        HttpResponse<String> page = app.get("/search?q=long+polling");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/lessons/the-real-time-web#"), page.body());
        String hostile = app.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").body();
        assertFalse(hostile.contains("<script>alert(1)"), "the query is shown as text");
        assertTrue(hostile.contains("&lt;script&gt;alert(1)"), hostile);
        String json = app.get("/search.json?q=polling").body();
        assertTrue(json.startsWith("[{") && json.contains("\"href\":\"/lessons/the-real-time-web#"), json);
    }

    record RawResponse(int status, String body) {}

    /** A request sent byte for byte: java.net.http would normalise the path first. */
    static RawResponse raw(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            return new RawResponse(status, text);
        }
    }
}
