package dev.realtimelab.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.realtimelab.BrowserTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Lesson 08 in a browser: its decision guide answers, and the page passes axe-core. */
class CompareLessonBrowserTest extends BrowserTest {
    static final String PAGE = "/lessons/choosing-websocket-or-sse";
    static final String GUIDE = "section[data-demo='compare-decide'] ";

    static void choose(String question, String value) {
        find(GUIDE + "fieldset[data-question='" + question + "'] input[value='" + value + "']").click();
    }

    @Test
    void theDecisionGuideRecommendsByTheAnswers() {
        open(PAGE);
        waitForText(GUIDE + ".decide-choice", "SSE (EventSource");
        choose("auth", "header");
        waitForText(GUIDE + ".decide-choice", "SSE, read with fetch()");
        choose("rate", "often");
        waitForText(GUIDE + ".decide-choice", "WebSocket");
        assertTrue(find(GUIDE + ".decide-reasons").getText().contains("one-time ticket"), find(GUIDE + ".decide-reasons").getText());
        choose("loss", "yes");
        waitForText(GUIDE + ".decide-choice", "WebRTC data channels or WebTransport");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theWireExperimentShowsTheCapturedFrames() {
        open(PAGE);
        String demo = "section[data-demo='compare-wire'] ";
        find(demo + ".wire-run").click();
        waitForText(demo + ".demo-status", "Recorded");
        String firstRow = find(demo + ".wire-messages tbody tr").getText();
        assertTrue(firstRow.startsWith("5 11 (+6) 7 (+2)"), "the 5-byte text: 11 bytes from the client, 7 from the server: " + firstRow);
        assertTrue(find(demo + ".wire-raw").getText().contains("81 05 68 65 6c 6c 6f"), find(demo + ".wire-raw").getText());
        assertEquals(5, driver.findElements(By.cssSelector(demo + "svg.compare-chart text")).stream()
                .filter(t -> t.getText().endsWith(" B")).count(), "one group of bars per payload size");
        assertEquals(List.of(), seriousAxeViolations(), "with the results shown");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theLatencyRaceDrawsFourHistogramsWithPlausibleFigures() {
        open(PAGE);
        String demo = "section[data-demo='compare-race'] ";
        find(demo + ".race-count").clear();
        find(demo + ".race-count").sendKeys("30");
        find(demo + ".race-interval").clear();
        find(demo + ".race-interval").sendKeys("20");
        find(demo + ".race-run").click();
        waitFor(java.time.Duration.ofSeconds(40), d -> find(demo + ".demo-status").getText().startsWith("Done")
                || find(demo + ".demo-status").getText().startsWith("The race stopped") ? true : null);
        assertTrue(find(demo + ".demo-status").getText().startsWith("Done"), find(demo + ".demo-status").getText());
        var rows = driver.findElements(By.cssSelector(demo + ".race-summary tbody tr"));
        assertEquals(4, rows.size());
        for (var row : rows) {
            String[] cells = row.findElements(By.cssSelector("td")).stream().map(c -> c.getText()).toArray(String[]::new);
            double p50 = Double.parseDouble(cells[0]);
            double p99 = Double.parseDouble(cells[2]);
            assertTrue(p50 > 0 && p50 <= p99 && p99 < 5000, row.getText());
        }
        assertEquals(4, driver.findElements(By.cssSelector(demo + "figure svg.compare-chart")).size());
        System.out.println("latency race, 30 each (p50 p90 p99 max ms):\n" + find(demo + ".race-summary").getText());
        assertEquals(List.of(), seriousAxeViolations(), "with the results shown");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theBufferingProxyDeliversInBurstsAndTheFixOneByOne() {
        open(PAGE);
        String demo = "section[data-demo='compare-buffer'] ";
        find(demo + ".buffer-run").click();
        waitFor(java.time.Duration.ofSeconds(30), d -> find(demo + ".demo-status").getText().startsWith("Done")
                || find(demo + ".demo-status").getText().startsWith("The experiment failed") ? true : null);
        assertTrue(find(demo + ".demo-status").getText().startsWith("Done"), find(demo + ".demo-status").getText());
        var rows = driver.findElements(By.cssSelector(demo + ".buffer-summary tbody tr"));
        assertEquals(2, rows.size());
        // bursts: arrivals less than 30 ms after the one before count as one (the page's own count)
        var buffered = rows.get(0).findElements(By.cssSelector("td"));
        var oneByOne = rows.get(1).findElements(By.cssSelector("td"));
        assertEquals("22", buffered.get(0).getText(), "every event gets through the buffer in the end");
        assertEquals("22", oneByOne.get(0).getText());
        int bufferedBursts = Integer.parseInt(buffered.get(1).getText());
        int oneByOneBursts = Integer.parseInt(oneByOne.get(1).getText());
        System.out.println("buffering proxy: " + bufferedBursts + " bursts; honouring X-Accel-Buffering: " + oneByOneBursts);
        assertTrue(bufferedBursts >= 1 && bufferedBursts <= 7, "a 1 KiB buffer passes events on a handful at a time: " + bufferedBursts);
        assertTrue(oneByOneBursts >= 11, "one by one, as published every 100 ms: " + oneByOneBursts);
        assertEquals(3, driver.findElements(By.cssSelector(demo + "svg.compare-chart text")).stream()
                .filter(t -> t.getText().startsWith("published") || t.getText().startsWith("through")).count(), "three lanes");
        assertEquals(22 * 3, driver.findElements(By.cssSelector(demo + "svg.compare-chart rect")).size(), "a tick per event per lane");
        assertEquals(List.of(), seriousAxeViolations(), "with the results shown");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theIdleConnectionCostIsPlausibleForBothTransports() {
        open(PAGE);
        String demo = "section[data-demo='compare-idle'] ";
        find(demo + ".idle-count").clear();
        find(demo + ".idle-count").sendKeys("100");
        find(demo + ".idle-run").click();
        waitFor(java.time.Duration.ofSeconds(60), d -> find(demo + ".demo-status").getText().startsWith("Done")
                || find(demo + ".demo-status").getText().startsWith("The experiment failed") ? true : null);
        assertTrue(find(demo + ".demo-status").getText().startsWith("Done"), find(demo + ".demo-status").getText());
        var rows = driver.findElements(By.cssSelector(demo + ".idle-summary tbody tr"));
        assertEquals(2, rows.size());
        for (var row : rows) {
            double kib = Double.parseDouble(row.findElement(By.cssSelector("td")).getText());
            assertTrue(kib > 0 && kib < 512, "a few KiB per idle connection, certainly under half a MiB: " + row.getText());
        }
        System.out.println("idle connection cost:\n" + find(demo + ".idle-summary").getText());
        assertEquals(List.of(), seriousAxeViolations(), "with the results shown");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void fetchReadsTheStreamWithAHeaderAndResumesAfterADrop() throws Exception {
        open(PAGE);
        String demo = "section[data-demo='compare-fetch'] ";
        find(demo + ".fetch-generate").click();
        waitFor(d -> find(demo + ".fetch-output").getText().split(" ").length >= 6 ? true : null);
        find(demo + ".fetch-drop").click();
        String before = find(demo + ".fetch-output").getText();
        Thread.sleep(400); // the server goes on generating meanwhile
        find(demo + ".fetch-resume").click();
        waitFor(java.time.Duration.ofSeconds(20), d -> find(demo + ".demo-status").getText().startsWith("Complete") ? true : null);
        assertTrue(find(demo + ".demo-status").getText().contains("the text is whole"), find(demo + ".demo-status").getText());
        assertTrue(find(demo + ".fetch-output").getText().startsWith(before.strip()), "resumed where it was dropped");
        String log = find(demo + ".demo-log").getAttribute("textContent");
        assertTrue(log.contains("Authorization: Bearer ") && log.matches("(?s).*POST /sse/generate/[0-9a-f]{8} .*Last-Event-ID: \\d+.*"), log);
        assertEquals(List.of(), seriousAxeViolations(), "with the results shown");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theParserFollowsTheRulesAcrossChunks() {
        open(PAGE);
        Object events = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/event-stream.js').then(({ createEventStreamParser }) => {
                  const seen = [];
                  const parser = createEventStreamParser((e) => seen.push(`${e.type}|${e.data}|${e.lastEventId}`));
                  for (const chunk of ['\\uFEFFdata: a\\r', '\\ndata:b\\r', '\\n\\r\\n', 'id: 7\\nevent: x\\n: c\\ndata\\n\\n',
                                       'id: 8\\n\\n', 'data: cut']) parser.push(chunk);
                  parser.end();
                  done([seen, parser.lastEventId]);
                });""");
        assertEquals(List.of(List.of("message|a\nb|", "x||7"), "8"), events,
                "a CRLF split across chunks is one line ending; a BOM is dropped; an id alone moves the last id; a cut-off event is dropped");
    }

    @Test
    void theLessonsDemosPassAxeWithNoSeriousViolation() {
        open(PAGE);
        assertEquals(List.of(), seriousAxeViolations());
    }

    /**
     * axe-core's serious and critical violations in the lesson's live demos as they are now, one
     * line each. Only the demo boxes: the page's shared parts (code highlighting) are checked
     * for every lesson by the course's accessibility test.
     */
    static List<String> seriousAxeViolations() {
        Results results = new AxeBuilder().include("section[data-demo]").analyze(driver);
        return results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).limit(5).toList())
                .toList();
    }
}
