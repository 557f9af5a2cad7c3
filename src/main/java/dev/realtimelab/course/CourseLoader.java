package dev.realtimelab.course;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code lessons/NN-slug.md} into a {@link Course}. Parsing happens once; with
 * {@code reloadOnChange} (dev mode) {@link #current()} parses again after a lesson file changed.
 */
public final class CourseLoader {
    private static final Pattern FILE_NAME = Pattern.compile("^(\\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\\.md$");
    private static final List<String> FRONT_MATTER_KEYS = List.of("title", "summary", "minutes", "exercises");
    private static final long CHECK_INTERVAL_NANOS = 300_000_000L;

    private final Path lessonsDir;
    private final LessonRenderer renderer;
    private final boolean reloadOnChange;
    private Course course;
    private String fingerprint;
    private long checkedAt;

    public CourseLoader(Path lessonsDir, LessonRenderer renderer, boolean reloadOnChange) {
        this.lessonsDir = lessonsDir;
        this.renderer = renderer;
        this.reloadOnChange = reloadOnChange;
        this.fingerprint = fingerprint();
        this.course = load();
        this.checkedAt = System.nanoTime();
    }

    /** The course as it is now: parsed at start, and again after a change in dev mode. */
    public synchronized Course current() {
        if (reloadOnChange && System.nanoTime() - checkedAt > CHECK_INTERVAL_NANOS) {
            checkedAt = System.nanoTime();
            String now = fingerprint();
            if (!now.equals(fingerprint)) {
                fingerprint = now;
                course = load();
            }
        }
        return course;
    }

    private Course load() {
        List<Lesson> lessons = new ArrayList<>();
        Map<String, Set<String>> links = new HashMap<>();
        for (Path file : lessonFiles()) {
            String name = file.getFileName().toString();
            Matcher m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            Lesson lesson = parse(Integer.parseInt(m.group(1)), m.group(2), name, read(file), links);
            lessons.add(lesson);
        }
        List<Lesson> checked = checkAcross(lessons, links);
        Course draft = new Course(checked);
        // Every link of every page, quizzes and exercise cards included, against the course's pages and anchors.
        return new Course(checked.stream().map(lesson -> {
            List<String> broken = draft.linkProblems(lesson.html(), lesson);
            if (broken.isEmpty()) {
                return lesson;
            }
            List<String> problems = new ArrayList<>(lesson.problems());
            problems.addAll(broken);
            return withProblems(lesson, problems);
        }).toList());
    }

    /** Problems only visible across lessons: duplicate numbers or slugs, links to no lesson. */
    private static List<Lesson> checkAcross(List<Lesson> lessons, Map<String, Set<String>> links) {
        Map<String, String> slugOwner = new HashMap<>();
        Map<Integer, String> numberOwner = new HashMap<>();
        Set<String> files = new java.util.HashSet<>();
        lessons.forEach(l -> files.add(l.fileName()));
        List<Lesson> checked = new ArrayList<>();
        for (Lesson lesson : lessons) {
            List<String> problems = new ArrayList<>(lesson.problems());
            String slugTwin = slugOwner.putIfAbsent(lesson.slug(), lesson.fileName());
            if (slugTwin != null) {
                problems.add("the slug '" + lesson.slug() + "' is already used by " + slugTwin);
            }
            String numberTwin = numberOwner.putIfAbsent(lesson.number(), lesson.fileName());
            if (numberTwin != null) {
                problems.add("the number " + lesson.numberLabel() + " is already used by " + numberTwin);
            }
            for (String target : links.getOrDefault(lesson.fileName(), Set.of())) {
                if (!files.contains(target)) {
                    problems.add("links to " + target + ", which is not a lesson");
                }
            }
            checked.add(problems.size() == lesson.problems().size() ? lesson : withProblems(lesson, problems));
        }
        return checked;
    }

    private Lesson parse(int number, String slug, String fileName, String text, Map<String, Set<String>> links) {
        FrontMatter front = FrontMatter.parse(text, FRONT_MATTER_KEYS);
        List<String> problems = new ArrayList<>(front.problems());
        String body = front.body();
        // Fields of a front matter that could not be read are not reported one by one as well.
        List<String> fieldProblems = front.unreadable() ? new ArrayList<>() : problems;
        String title = front.text("title", fieldProblems);
        String summary = front.text("summary", fieldProblems);
        int minutes = front.values().get("minutes") instanceof Integer i && i > 0 ? i : 0;
        if (minutes == 0) {
            fieldProblems.add("front matter: 'minutes' must be a whole number above 0");
        }
        List<String> exercises = front.texts("exercises", false, fieldProblems);
        LessonRenderer.Result result = renderer.render(fileName, body);
        problems.addAll(result.problems());
        links.put(fileName, result.linkedFiles());
        return new Lesson(number, slug, fileName, title.isEmpty() ? fileName : title, summary, minutes,
                exercises, result.html(), result.headings(), result.sections(), List.copyOf(problems));
    }

    private static Lesson withProblems(Lesson l, List<String> problems) {
        return new Lesson(l.number(), l.slug(), l.fileName(), l.title(), l.summary(), l.minutes(), l.exercises(),
                l.html(), l.headings(), l.sections(), List.copyOf(problems));
    }

    private List<Path> lessonFiles() {
        try (Stream<Path> files = Files.list(lessonsDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + lessonsDir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Names, sizes and times of the lesson files: changes when any of them does. */
    private String fingerprint() {
        Map<String, String> parts = new LinkedHashMap<>();
        for (Path file : lessonFiles()) {
            try {
                parts.put(file.getFileName().toString(), Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                parts.put(file.getFileName().toString(), "gone");
            }
        }
        return parts.toString();
    }
}
