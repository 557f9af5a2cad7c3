package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A learner in a real browser, on a temporary copy of the fixture course: saves the exercise
 * file on disk and watches the verdict appear in the open lesson; then hints, the solution and
 * a reset through the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExerciseBrowserTest extends FixtureCourseBrowserTest {

    static Path adder() {
        return root.resolve(GradingFixture.ADDER);
    }

    static WebElement card() {
        return find("section.exercise[data-exercise='adder']");
    }

    static String state() {
        return find("section.exercise .exercise-state").getText();
    }

    @Test
    @Order(1)
    void savingTheFileShowsTheVerdictThenHintsSolutionAndReset() throws Exception {
        consoleErrors();
        open("/lessons/fixture");
        waitForText("section.exercise .exercise-state", "not started");
        assertEquals("Show a hint (1 of 2)", find(".exercise-hint").getText());
        // The verdict feed is open before the first save.
        waitFor(d -> "open".equals(card().getAttribute("data-feed")) ? true : null);

        // A wrong answer: each test with its message, and the state turns to failed.
        GradingFixture.write(adder(), GradingFixture.variant("Wrong"));
        waitFor(GRADING, d -> state().equals("failed") ? true : null);
        waitForText(".verdict-status", "1 of 4 tests passed.");
        WebElement failedTest = waitFor(d -> d.findElements(By.cssSelector(".verdict-tests li.failed")).stream()
                .filter(li -> li.getText().contains("adds a negative number")).findFirst().orElse(null));
        assertTrue(failedTest.getText().contains("add(2, -3) should be -1 ==> expected: <-1> but was: <5>"), failedTest.getText());
        assertEquals("1", find(".verdict-progress").getAttribute("value"));
        assertEquals("4", find(".verdict-progress").getAttribute("max"));

        // A compile error: file and line, no tests.
        GradingFixture.write(adder(), GradingFixture.variant("Broken"));
        waitForText(".verdict-errors", GradingFixture.ADDER + ":8");
        assertTrue(find(".verdict-errors").getText().contains("';' expected"));
        assertTrue(find(".verdict-status").getText().contains("Does not compile: 1 error."));

        // Two hints, one at a time.
        find(".exercise-hint").click();
        waitForText(".exercise-hints", "Hint 1 of 2: Look at what add returns now: always 0.");
        assertEquals("add", find(".exercise-hints li code").getText(), "backticks in a hint become code");
        assertEquals("Show a hint (2 of 2)", find(".exercise-hint").getText());
        find(".exercise-hint").click();
        waitForText(".exercise-hints", "Hint 2 of 2:");
        assertEquals("All 2 hints shown", find(".exercise-hint").getText());
        assertTrue(!find(".exercise-hint").isEnabled());

        // The solution before a pass: the page asks first; declining shows nothing.
        find(".exercise-solution-button").click();
        waitFor(d -> d.switchTo().alert()).dismiss();
        assertTrue(!find(".exercise-solution").isDisplayed());

        // The right answer: passed, all tests green; the solution then comes without a question.
        GradingFixture.write(adder(), GradingFixture.solution());
        waitFor(GRADING, d -> state().equals("passed") ? true : null);
        waitForText(".verdict-status", "All 4 tests passed.");
        assertEquals(4, driver.findElements(By.cssSelector(".verdict-tests li.passed")).size());
        find(".exercise-solution-button").click();
        waitForText(".exercise-solution", GradingFixture.ADDER_SOLUTION);
        assertTrue(find(".exercise-solution code").getText().contains("return a + b;"));

        // Reset: confirm; the learner's version goes to a backup the page names; the starter is back.
        String mine = GradingFixture.read(adder());
        find(".exercise-reset").click();
        waitFor(d -> d.switchTo().alert()).accept();
        WebElement note = waitForText(".exercise-note", "Your version is kept in .realtime-lab/backups/adder/");
        assertEquals(GradingFixture.starter(), GradingFixture.read(adder()));
        String backup = note.getText().substring(note.getText().indexOf(".realtime-lab/backups/adder/")).strip();
        assertEquals(mine, GradingFixture.read(root.resolve(backup).resolve("Adder.java")));
        // The reset is a save too: the starter is graded, and fails.
        waitFor(GRADING, d -> state().equals("failed") ? true : null);

        assertEquals(List.of(), consoleErrors());
    }

    @Test
    @Order(2)
    void theStateAndTheLastVerdictAreShownAfterAReload() {
        open("/lessons/fixture");
        waitForText(".verdict-status", "Last verdict");
        find(".exercise-check").click();
        // A warm grader can be done within one poll, so wait for the new verdict, not for "Queued".
        waitFor(GRADING, d -> {
            WebElement status = find(".verdict-status");
            return status.getAttribute("class").contains("failed") && !status.getText().contains("Last verdict") ? true : null;
        });
        String verdict = find(".verdict-status").getText();
        open("/lessons/fixture");
        waitForText(".verdict-status", "Last verdict");
        assertTrue(find(".verdict-status").getText().contains(verdict.substring(verdict.indexOf(' ') + 1, verdict.indexOf('('))),
                "before: " + verdict + ", after: " + find(".verdict-status").getText());
    }

    @Test
    @Order(3)
    void theHomePageShowsTheCourseProgressBar() throws Exception {
        open("/");
        WebElement progress = waitFor(d -> {
            WebElement p = d.findElement(By.cssSelector("[data-exercise-progress]"));
            return p.isDisplayed() ? p : null;
        });
        long passed = new ProgressStore(root).all().values().stream().filter(e -> e.state().equals("passed")).count();
        assertEquals(passed + " of 1 exercises passed", progress.getText().strip());
        progress.findElement(By.tagName("a")).click();
        waitForText("h1", "Exercises");
        assertTrue(find(".exercise-board").getText().contains("Add two numbers"));
        try (Stream<Path> backups = Files.list(root)) {
            assertTrue(backups.findAny().isPresent());
        }
    }
}
