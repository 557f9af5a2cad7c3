package dev.realtimelab.course;

import java.util.List;

/**
 * One lesson, parsed and rendered once. {@code problems} is non-empty when the file could not
 * be used as written; the page then shows them instead of failing.
 */
public record Lesson(
        int number,
        String slug,
        String fileName,
        String title,
        String summary,
        int minutes,
        List<String> exercises,
        String html,
        List<Heading> headings,
        List<Section> sections,
        List<String> problems) {

    /** A heading of the lesson body, with the anchor id it got in the page. */
    public record Heading(int level, String id, String text) {}

    /** A searchable piece of a lesson: the text under one heading (id is null before the first). */
    public record Section(String headingId, String heading, String text) {}

    public String numberLabel() {
        return String.format("%02d", number);
    }

    public String path() {
        return "/lessons/" + slug;
    }

    public boolean broken() {
        return !problems.isEmpty();
    }
}
