package dev.realtimelab.course;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The lessons in order, looked up by slug; immutable, so one instance serves every request. */
public final class Course {
    /** One search hit: a section of a lesson and a snippet around the first match. */
    public record Hit(Lesson lesson, String headingId, String heading, String snippet) {
        public String href() {
            return lesson.path() + (headingId == null ? "" : "#" + headingId);
        }
    }

    /** A section as search reads it, lowercased once when the course is built. */
    private record Searchable(Lesson lesson, Lesson.Section section, String heading, String text) {}

    private static final Pattern HREF = Pattern.compile("\\shref=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private final List<Lesson> lessons;
    private final Map<String, Lesson> bySlug;
    private final List<Searchable> searchable;
    /** Every element id of each lesson's page, by slug: what a link's #anchor may name. */
    private final Map<String, Set<String>> idsBySlug;

    public Course(List<Lesson> lessons) {
        this.lessons = lessons.stream().sorted(Comparator.comparingInt(Lesson::number)).toList();
        this.bySlug = this.lessons.stream().collect(Collectors.toMap(Lesson::slug, Function.identity(), (a, b) -> a));
        this.searchable = this.lessons.stream()
                .flatMap(lesson -> lesson.sections().stream().map(section -> new Searchable(lesson, section,
                        (lesson.title() + " " + section.heading()).toLowerCase(Locale.ROOT),
                        section.text().toLowerCase(Locale.ROOT))))
                .toList();
        this.idsBySlug = this.lessons.stream().collect(Collectors.toMap(Lesson::slug, l -> ids(l.html()), (a, b) -> a));
    }

    public List<Lesson> lessons() {
        return lessons;
    }

    public Optional<Lesson> lesson(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    public Optional<Lesson> previous(Lesson lesson) {
        int i = lessons.indexOf(lesson);
        return i > 0 ? Optional.of(lessons.get(i - 1)) : Optional.empty();
    }

    public Optional<Lesson> next(Lesson lesson) {
        int i = lessons.indexOf(lesson);
        return i >= 0 && i < lessons.size() - 1 ? Optional.of(lessons.get(i + 1)) : Optional.empty();
    }

    /** Every problem of every lesson, prefixed with its file: empty when the course is sound. */
    public List<String> problems() {
        return lessons.stream()
                .flatMap(l -> l.problems().stream().map(p -> l.fileName() + ": " + p))
                .toList();
    }

    // region links
    /**
     * Links in rendered HTML that lead nowhere: a lesson page that does not exist, an anchor that
     * its lesson does not have, a relative link (which would resolve against the page's own path).
     * {@code from} is the lesson the HTML is part of, for its own {@code #anchors}; null for a
     * fragment shown elsewhere. Links to other sites and to the app's other pages are not checked
     * here.
     */
    public List<String> linkProblems(String html, Lesson from) {
        List<String> problems = new ArrayList<>();
        Matcher href = HREF.matcher(html);
        while (href.find()) {
            String link = href.group(1).replace("&amp;", "&");
            int hash = link.indexOf('#');
            String anchor = hash < 0 ? null : link.substring(hash + 1);
            String path = hash < 0 ? link : link.substring(0, hash);
            if (path.isEmpty() && anchor != null) {
                if (from == null) {
                    problems.add("link " + link + ": an anchor alone only works inside a lesson; name the lesson (NN-slug.md#anchor)");
                } else if (!idsBySlug.getOrDefault(from.slug(), Set.of()).contains(anchor)) {
                    problems.add("link " + link + ": this lesson has no heading or element with that id");
                }
            } else if (path.startsWith("/lessons/")) {
                String slug = path.substring("/lessons/".length()).replaceAll("[?/].*$", "");
                if (!bySlug.containsKey(slug)) {
                    problems.add("link " + link + ": there is no lesson '" + slug + "'");
                } else if (anchor != null && !idsBySlug.get(slug).contains(anchor)) {
                    problems.add("link " + link + ": the lesson " + bySlug.get(slug).fileName() + " has no heading '" + anchor + "'");
                }
            } else if (!path.startsWith("/") && !SCHEME.matcher(path).find()) {
                problems.add("link " + link + ": a relative link breaks on the lesson page; link a lesson by its file name (NN-slug.md) or a page by its path");
            }
        }
        return problems;
    }

    /**
     * The same check for a Markdown fragment shown outside the lesson files, such as an exercise
     * statement, after rendering it the way its card does; lesson files it names must exist too.
     */
    public List<String> fragmentLinkProblems(String markdown) {
        Set<String> files = lessons.stream().map(Lesson::fileName).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (String file : LessonRenderer.lessonFilesLinkedIn(markdown)) {
            if (!files.contains(file)) {
                problems.add("links to " + file + ", which is not a lesson");
            }
        }
        problems.addAll(linkProblems(LessonRenderer.inline(markdown), null));
        return problems;
    }

    private static Set<String> ids(String html) {
        Set<String> ids = new HashSet<>();
        Matcher id = ID.matcher(html);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }
    // endregion

    /**
     * Sections whose heading or text contain every word of the query, best first: a match in
     * the heading counts more than one in the text.
     */
    public List<Hit> search(String query, int limit) {
        List<String> words = List.of(query.toLowerCase(Locale.ROOT).trim().split("\\s+")).stream()
                .filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            return List.of();
        }
        record Scored(Searchable match, int score) {}
        List<Scored> scored = new ArrayList<>();
        for (Searchable s : searchable) {
            int score = 0;
            for (String word : words) {
                boolean inHeading = s.heading().contains(word);
                boolean inText = s.text().contains(word);
                if (!inHeading && !inText) {
                    score = -1;
                    break;
                }
                score += (inHeading ? 3 : 0) + (inText ? 1 : 0);
            }
            if (score > 0) {
                scored.add(new Scored(s, score));
            }
        }
        // Snippets only for the hits that are returned (the sort is stable: same order as before).
        return scored.stream()
                .sorted(Comparator.comparingInt(Scored::score).reversed())
                .limit(limit)
                .map(Scored::match)
                .map(s -> new Hit(s.lesson(), s.section().headingId(),
                        s.section().heading().isEmpty() ? s.lesson().title() : s.section().heading(),
                        snippet(s.section().text(), s.text(), words)))
                .toList();
    }

    /** {@code lower} is {@code text} lowercased, as the search matched it. */
    private static String snippet(String text, String lower, List<String> words) {
        int at = words.stream().mapToInt(lower::indexOf).filter(i -> i >= 0).min().orElse(0);
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + 140);
        return (from > 0 ? "\u2026" : "") + text.substring(from, to).strip() + (to < text.length() ? "\u2026" : "");
    }
}
