package dev.realtimelab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.BrowserTest;
import dev.realtimelab.course.Lesson;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** What a reader does with the course pages, in a real browser. */
class CourseBrowserTest extends BrowserTest {
    List<Lesson> lessons;

    @BeforeEach
    void lessons() {
        lessons = app.course().lessons();
    }

    String themeInUse() {
        return (String) driver.executeScript(
                "return getComputedStyle(document.documentElement).getPropertyValue('color-scheme').trim()");
    }

    @Test
    void everyPageLoadsWithoutAConsoleError() {
        consoleErrors();
        open("/");
        assertEquals(List.of(), consoleErrors(), "home");
        for (Lesson lesson : lessons) {
            open(lesson.path());
            waitFor(d -> d.findElements(By.cssSelector(".lesson-body pre code")).isEmpty()
                    || !d.findElements(By.cssSelector(".copy-button")).isEmpty());
            assertEquals(List.of(), consoleErrors(), lesson.path());
        }
    }

    @Test
    void arrowKeysMoveBetweenLessons() {
        open(lessons.get(0).path());
        new Actions(driver).sendKeys(Keys.ARROW_RIGHT).perform();
        waitFor(d -> d.getCurrentUrl().endsWith(lessons.get(1).path()));
        new Actions(driver).sendKeys(Keys.ARROW_LEFT).perform();
        waitFor(d -> d.getCurrentUrl().endsWith(lessons.get(0).path()));
        // Typing in the search box must not turn the page.
        find("#search-box").sendKeys("a" + Keys.ARROW_RIGHT);
        assertTrue(driver.getCurrentUrl().endsWith(lessons.get(0).path()));
    }

    @Test
    void slashFocusesSearchAndResultsLeadToTheSection() {
        open(lessons.get(0).path());
        new Actions(driver).sendKeys("/").perform();
        WebElement box = driver.switchTo().activeElement();
        assertEquals("search-box", box.getAttribute("id"));
        box.sendKeys("long polling");
        WebElement first = waitFor(d -> d.findElements(By.cssSelector(".search-results a")).stream().findFirst().orElse(null));
        String target = first.getAttribute("href");
        assertTrue(target.contains("/lessons/the-real-time-web#"), target);
        box.sendKeys(Keys.ARROW_DOWN);
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().equals(target));
        String anchor = target.substring(target.indexOf('#') + 1);
        assertTrue(find("#" + anchor).isDisplayed());
    }

    @Test
    void searchPageWorksWithoutTheDropdown() {
        open("/search?q=WebSocket");
        assertFalse(driver.findElements(By.cssSelector(".hits li")).isEmpty());
        open("/search?q=zzqqxx");
        assertTrue(find(".no-hits").getText().contains("zzqqxx"));
    }

    @Test
    void themeToggleSwitchesAndIsRemembered() {
        open("/");
        driver.executeScript("localStorage.clear()");
        driver.navigate().refresh();
        String before = themeInUse();
        find(".theme-toggle").click();
        String after = themeInUse();
        assertTrue(List.of("light", "dark").contains(after), after);
        assertTrue(!after.equals(before), "the toggle changes the theme: " + before + " -> " + after);
        open(lessons.get(1).path());
        assertEquals(after, themeInUse(), "the choice is remembered on the next page");
        find(".theme-toggle").click();
        assertEquals(before, themeInUse());
    }

    @Test
    void quizAnswersExplainThemselves() {
        open(lessons.get(1).path());
        WebElement question = find(".quiz-question");
        WebElement wrong = question.findElement(By.cssSelector(".quiz-answer[data-correct='false']"));
        WebElement right = question.findElement(By.cssSelector(".quiz-answer[data-correct='true']"));
        assertFalse(question.findElement(By.cssSelector(".quiz-explain")).isDisplayed(), "explanations start hidden");
        new Actions(driver).scrollToElement(wrong).perform();
        wrong.click();
        WebElement wrongWhy = wrong.findElement(By.xpath("following-sibling::p"));
        assertTrue(wrongWhy.isDisplayed());
        assertTrue(wrongWhy.getText().startsWith("Not quite."), wrongWhy.getText());
        right.click();
        WebElement rightWhy = right.findElement(By.xpath("following-sibling::p"));
        assertTrue(rightWhy.getText().startsWith("Right."), rightWhy.getText());
        assertTrue(right.getAttribute("class").contains("chosen-right"));
    }

    @Test
    void codeIsHighlightedAndCopyable() {
        open(lessons.get(1).path());
        waitFor(d -> !d.findElements(By.cssSelector("pre code.hljs")).isEmpty());
        WebElement copy = find("figure.code .copy-button");
        new Actions(driver).scrollToElement(copy).perform();
        copy.click();
        waitFor(d -> copy.getText().startsWith("Copied") || copy.getText().startsWith("Select"));
    }

    @Test
    void visitedLessonsAreMarkedOnTheHomePage() {
        open("/");
        driver.executeScript("localStorage.clear()");
        open(lessons.get(1).path());
        open("/");
        WebElement card = find(".card[data-slug='" + lessons.get(1).slug() + "']");
        assertTrue(card.getAttribute("class").contains("visited"));
        assertFalse(find(".card[data-slug='" + lessons.get(0).slug() + "']").getAttribute("class").contains("visited"));
        assertEquals("1", find(".visited-count").getText());
    }

    @Test
    void onAPhoneTheSidebarOpensFromTheMenuButton() {
        var size = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            open(lessons.get(1).path());
            assertFalse(find("#sidebar").isDisplayed());
            find(".menu-toggle").click();
            assertTrue(find("#sidebar").isDisplayed());
            assertEquals("true", find(".menu-toggle").getAttribute("aria-expanded"));
        } finally {
            driver.manage().window().setSize(size);
        }
    }
}
