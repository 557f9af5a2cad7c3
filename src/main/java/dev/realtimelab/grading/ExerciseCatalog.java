package dev.realtimelab.grading;

import dev.realtimelab.course.FrontMatter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every exercise of a course folder, each authored once in {@code src/exercises/<id>/}:
 * <pre>
 * EXERCISE.md                                  front matter (id, title, lesson, files, hints), then the statement
 * starter/dev/realtimelab/exercises/<pkg>/     the files the learner starts from (and what must fail the grader)
 * grader/dev/realtimelab/exercises/<pkg>/      the grader: *Test.java (JUnit 5), and any helpers it needs
 * solution/dev/realtimelab/exercises/<pkg>/    the reference solution: the same file names as the starter
 * </pre>
 * {@code <pkg>} is the id without hyphens. The learner's copy lives elsewhere, in the
 * {@link ExerciseWorkspace}. An exercise whose folder is wrong is left out and its problems are
 * reported, each naming the file and the field, so an author can fix it without guessing.
 */
public final class ExerciseCatalog {
    /** Where exercises are authored: one folder per exercise, named by its id. */
    public static final String AUTHORED = "src/exercises";
    /** The folders of one authored exercise, each a source root holding the package folder. */
    public static final String STARTER = "starter";
    public static final String GRADER = "grader";
    public static final String SOLUTION = "solution";
    public static final String PACKAGE_DIR = "dev/realtimelab/exercises";
    public static final String METADATA_FILE = "EXERCISE.md";
    /** The ending that marks a grader's file. */
    private static final String GRADER_SUFFIX = "Test.java";
    private static final List<String> KEYS = List.of("id", "title", "lesson", "files", "hints", "summary");

    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern JAVA_FILE = Pattern.compile("^[A-Z][A-Za-z0-9_]*\\.java$");
    private static final int MIN_HINTS = 2;
    private static final int MAX_HINTS = 3;

    private final Path root;
    private final Map<String, Exercise> byId;
    private final Map<String, List<String>> problemsById;
    // The catalog never changes after load: its lists are made once, sorted by the TreeMap.
    private final List<Exercise> exercises;
    private final List<String> ids;

    private ExerciseCatalog(Path root, TreeMap<String, Exercise> byId, Map<String, List<String>> problemsById) {
        this.root = root;
        this.byId = Collections.unmodifiableMap(byId);
        this.problemsById = Collections.unmodifiableMap(problemsById);
        this.exercises = List.copyOf(byId.values());
        this.ids = List.copyOf(byId.keySet());
    }

    /** Reads every exercise under {@code root}; a course without exercises gives an empty catalog. */
    public static ExerciseCatalog load(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        TreeMap<String, Exercise> exercises = new TreeMap<>();
        Map<String, List<String>> problems = new TreeMap<>();
        for (Path dir : listDirectories(absolute.resolve(AUTHORED))) {
            String folder = dir.getFileName().toString();
            if (dir.equals(absolute.resolve(ExerciseWorkspace.OLD_WORKSPACE))) {
                continue; // the learner's workspace of earlier versions, moved away on start
            }
            List<String> found = new ArrayList<>();
            Exercise exercise = read(absolute, folder, found);
            if (found.isEmpty() && exercise != null) {
                exercises.put(exercise.id(), exercise);
            } else {
                problems.put(folder, List.copyOf(found));
            }
        }
        return new ExerciseCatalog(absolute, exercises, problems);
    }

    public Path root() {
        return root;
    }

    /** The usable exercises, sorted by id. */
    public List<Exercise> exercises() {
        return exercises;
    }

    public Optional<Exercise> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every problem found, each prefixed with its file: empty when the catalog is sound. */
    public List<String> problems() {
        return problemsById.values().stream().flatMap(List::stream).toList();
    }

    /** The problems of one exercise folder (named by its id). */
    public List<String> problemsOf(String id) {
        return problemsById.getOrDefault(id, List.of());
    }

    /** The ids of the usable exercises, sorted: for "known: ..." in messages. */
    public List<String> ids() {
        return ids;
    }

    // region submissions
    /** The pristine starter files beside the grader: every grader must fail this. */
    public Submission starter(Exercise exercise) {
        return withGrader(exercise, Submission.Kind.STARTER, authoredFiles(exercise, STARTER));
    }

    /** The reference solution beside the grader: every grader must pass this. */
    public Submission solution(Exercise exercise) {
        return withGrader(exercise, Submission.Kind.SOLUTION, authoredFiles(exercise, SOLUTION));
    }
    // endregion

    /** {@code learnerFiles} (a version of the exercise's {@code files}) beside the grader. */
    Submission withGrader(Exercise exercise, Submission.Kind kind, List<SourceFile> learnerFiles, List<String> notes) {
        List<SourceFile> sources = new ArrayList<>(learnerFiles);
        for (Path file : javaFiles(root.resolve(exercise.authoredPath(GRADER, "")))) {
            sources.add(read(exercise.authoredPath(GRADER, file.getFileName().toString())));
        }
        return new Submission(exercise, kind, sources, notes);
    }

    private Submission withGrader(Exercise exercise, Submission.Kind kind, List<SourceFile> learnerFiles) {
        return withGrader(exercise, kind, learnerFiles, List.of());
    }

    /** The reference solution's files, in the order of {@code files}. */
    public List<SourceFile> solutionFiles(Exercise exercise) {
        return authoredFiles(exercise, SOLUTION);
    }

    /** The starter's files, in the order of {@code files}: what the workspace starts from. */
    public List<SourceFile> starterFiles(Exercise exercise) {
        return authoredFiles(exercise, STARTER);
    }

    private List<SourceFile> authoredFiles(Exercise exercise, String part) {
        return exercise.files().stream().map(name -> read(exercise.authoredPath(part, name))).toList();
    }

    /** A source file by its path relative to the course root. */
    SourceFile read(String path) {
        try {
            String name = path.substring(path.lastIndexOf('/') + 1);
            return new SourceFile(name, path, Files.readString(root.resolve(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Exercise read(Path root, String folder, List<String> problems) {
        String where = AUTHORED + "/" + folder + "/" + METADATA_FILE;
        Path metadata = root.resolve(where);
        if (!Files.isRegularFile(metadata)) {
            problems.add(where + ": missing (every exercise folder needs one: front matter with id, title, lesson, files, hints, then the statement)");
            return null;
        }
        String text;
        try {
            text = Files.readString(metadata, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(where + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
        FrontMatter front = FrontMatter.parse(text, KEYS);
        List<String> found = new ArrayList<>(front.problems());
        if (front.unreadable()) {
            found.forEach(p -> problems.add(where + ": " + p));
            return null;
        }
        String id = front.text("id", found);
        String packageName = id.replace("-", "");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            found.add("id '" + id + "' must be lowercase words joined by hyphens, like sse-resume");
        } else if (!id.isEmpty() && !id.equals(folder)) {
            found.add("id '" + id + "' belongs in the folder " + AUTHORED + "/" + id + ", not " + AUTHORED + "/" + folder);
        }
        String title = front.text("title", found);
        String lesson = front.text("lesson", found);
        if (!lesson.isEmpty() && !ID.matcher(lesson).matches()) {
            found.add("lesson '" + lesson + "' must be a lesson slug (the file name without its number and .md, like sse-reliability)");
        }
        String summary = front.optionalText("summary");
        List<String> files = front.texts("files", true, found);
        if (files.isEmpty() && front.values().get("files") instanceof List<?>) {
            found.add("'files' must name at least one file (the first is the one the learner opens)");
        }
        String statement = front.body().strip();
        List<String> hints = front.texts("hints", true, found);
        if (front.values().get("hints") instanceof List<?> && (hints.size() < MIN_HINTS || hints.size() > MAX_HINTS)) {
            found.add("give " + MIN_HINTS + " to " + MAX_HINTS + " hints, from a nudge to nearly the answer (found " + hints.size() + ")");
        }
        if (statement.isEmpty()) {
            found.add("the statement is missing: after the front matter, say what to build and why it matters");
        }
        if (ID.matcher(id).matches() && id.equals(folder)) {
            Exercise exercise = new Exercise(id, title, lesson, files, hints, summary, statement, packageName);
            checkSources(root, exercise, found);
            found.forEach(p -> problems.add(where + ": " + p));
            return exercise;
        }
        found.forEach(p -> problems.add(where + ": " + p));
        return null;
    }

    /** The starter and the solution hold exactly {@code files}; the grader holds a *Test.java. */
    private static void checkSources(Path root, Exercise exercise, List<String> problems) {
        for (String file : exercise.files()) {
            if (!JAVA_FILE.matcher(file).matches()) {
                problems.add("files: '" + file + "' must be a Java file name like ReplayBuffer.java (no folders)");
            } else if (file.endsWith(GRADER_SUFFIX)) {
                problems.add("files: '" + file + "' ends in Test.java, which marks a grader; name the learner's file otherwise");
            }
        }
        for (String part : List.of(STARTER, SOLUTION)) {
            String what = part.equals(STARTER) ? "the starter" : "the reference solution";
            for (String file : exercise.files()) {
                if (JAVA_FILE.matcher(file).matches() && !Files.isRegularFile(root.resolve(exercise.authoredPath(part, file)))) {
                    problems.add("files: " + what + " " + exercise.authoredPath(part, file) + " is missing");
                }
            }
            for (Path extra : javaFiles(root.resolve(exercise.authoredPath(part, "")))) {
                if (!exercise.files().contains(extra.getFileName().toString())) {
                    problems.add(exercise.authoredPath(part, extra.getFileName().toString())
                            + " is not in 'files': list it, or move it to " + GRADER + "/ if the grader needs it");
                }
            }
        }
        boolean hasGrader = javaFiles(root.resolve(exercise.authoredPath(GRADER, ""))).stream()
                .anyMatch(p -> p.getFileName().toString().endsWith(GRADER_SUFFIX));
        if (!hasGrader) {
            problems.add("no grader: put a JUnit 5 test class named *Test.java in " + exercise.authoredPath(GRADER, ""));
        }
    }

    private static List<Path> listDirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
