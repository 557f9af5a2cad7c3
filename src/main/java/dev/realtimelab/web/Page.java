package dev.realtimelab.web;

import dev.realtimelab.course.Course;
import dev.realtimelab.course.Lesson;

/**
 * What every page template gets: the course (for the sidebar) and the lesson shown, if any.
 * {@code lesson} is null outside a lesson page.
 */
public record Page(String title, Course course, Lesson lesson) {
    /** Where highlight.js is served from: a WebJar, so no page needs the internet. */
    public static final String HIGHLIGHT_JS = "/webjars/highlightjs/11.11.1";

    public boolean isCurrent(Lesson other) {
        return lesson != null && lesson.slug().equals(other.slug());
    }
}
