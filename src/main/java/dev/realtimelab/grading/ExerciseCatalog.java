package dev.realtimelab.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Every exercise of a course folder, read from
 * {@code src/exercises/java/dev/realtimelab/exercises/<package>/EXERCISE.md}. An exercise whose
 * metadata is wrong is left out and its problems are reported, each naming the file and the
 * field, so an author can fix it without guessing.
 */
public final class ExerciseCatalog {
    /** The learner's workspace: a Maven test source root. */
    public static final String WORKSPACE = "src/exercises/java";
    /** Pristine copies of the starters: what a reset puts back, and what must fail its grader. */
    public static final String STARTERS = "src/starters/java";
    /** Reference solutions, same class names as the starters; only the grader compiles them. */
    public static final String SOLUTIONS = "src/solutions/java";
    public static final String PACKAGE_DIR = "dev/realtimelab/exercises";
    public static final String METADATA_FILE = "EXERCISE.md";
    /** The ending that marks a grader's file. */
    private static final String GRADER_SUFFIX = "Test.java";

    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern JAVA_FILE = Pattern.compile("^[A-Z][A-Za-z0-9_]*\\.java$");
    private static final Set<String> KEYS = Set.of("id", "title", "lesson", "files", "hints", "summary");
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
        Path packages = absolute.resolve(WORKSPACE).resolve(PACKAGE_DIR);
        for (Path dir : listDirectories(packages)) {
            String packageName = dir.getFileName().toString();
            List<String> found = new ArrayList<>();
            Exercise exercise = read(absolute, packageName, found);
            String id = exercise != null ? exercise.id() : packageName;
            if (found.isEmpty() && exercise != null) {
                exercises.put(exercise.id(), exercise);
            } else {
                problems.put(id, List.copyOf(found));
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

    /** The exercise whose package folder is {@code packageName}, if it is usable. */
    public Optional<Exercise> byPackage(String packageName) {
        return byId.values().stream().filter(e -> e.packageName().equals(packageName)).findFirst();
    }

    /** Every problem found, each prefixed with its file: empty when the catalog is sound. */
    public List<String> problems() {
        return problemsById.values().stream().flatMap(List::stream).toList();
    }

    /** The problems of one exercise folder (by id, or by package name when it had no id). */
    public List<String> problemsOf(String id) {
        return problemsById.getOrDefault(id, List.of());
    }

    /** The ids of the usable exercises, sorted: for "known: ..." in messages. */
    public List<String> ids() {
        return ids;
    }

    /** A grader: a {@code *Test.java} file that is not one of the files the learner edits. */
    static boolean isGrader(String fileName, List<String> learnerFiles) {
        return fileName.endsWith(GRADER_SUFFIX) && !learnerFiles.contains(fileName);
    }

    // region submissions
    /** The learner's files as they are on disk now, beside the grader. */
    public Submission workspace(Exercise exercise) {
        return new Submission(exercise, Submission.Kind.WORKSPACE, workspaceSources(exercise));
    }

    /** The pristine starter files beside the grader: every grader must fail this. */
    public Submission starter(Exercise exercise) {
        return overlaid(exercise, Submission.Kind.STARTER, STARTERS);
    }

    /** The reference solution beside the grader: every grader must pass this. */
    public Submission solution(Exercise exercise) {
        return overlaid(exercise, Submission.Kind.SOLUTION, SOLUTIONS);
    }
    // endregion

    /** The reference solution's files, in the order of {@code files}. */
    public List<SourceFile> solutionFiles(Exercise exercise) {
        return exercise.files().stream()
                .map(name -> sourceAt(SOLUTIONS, exercise, name))
                .toList();
    }

    public Path workspaceDir(Exercise exercise) {
        return root.resolve(WORKSPACE).resolve(exercise.packageDir());
    }

    public Path starterDir(Exercise exercise) {
        return root.resolve(STARTERS).resolve(exercise.packageDir());
    }

    private Submission overlaid(Exercise exercise, Submission.Kind kind, String sourceRoot) {
        Map<String, SourceFile> sources = new LinkedHashMap<>();
        workspaceSources(exercise).forEach(s -> sources.put(s.fileName(), s));
        for (Path file : javaFiles(root.resolve(sourceRoot).resolve(exercise.packageDir()))) {
            String name = file.getFileName().toString();
            sources.put(name, sourceAt(sourceRoot, exercise, name));
        }
        return new Submission(exercise, kind, List.copyOf(sources.values()));
    }

    private List<SourceFile> workspaceSources(Exercise exercise) {
        return javaFiles(workspaceDir(exercise)).stream()
                .map(f -> sourceAt(WORKSPACE, exercise, f.getFileName().toString()))
                .toList();
    }

    private SourceFile sourceAt(String sourceRoot, Exercise exercise, String fileName) {
        String path = sourceRoot + "/" + exercise.packageDir() + "/" + fileName;
        try {
            return new SourceFile(fileName, path, Files.readString(root.resolve(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static Exercise read(Path root, String packageName, List<String> problems) {
        String where = WORKSPACE + "/" + PACKAGE_DIR + "/" + packageName + "/" + METADATA_FILE;
        Path dir = root.resolve(WORKSPACE).resolve(PACKAGE_DIR).resolve(packageName);
        Path metadata = dir.resolve(METADATA_FILE);
        if (!Files.isRegularFile(metadata)) {
            problems.add(where + ": missing (every exercise folder needs one: front matter with id, title, lesson, files, hints, then the statement)");
            return null;
        }
        String text;
        try {
            text = Files.readString(metadata, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            problems.add(where + ": cannot be read (" + e.getMessage() + ")");
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.startsWith("---\n")) {
            problems.add(where + ": must start with a --- line, then the front matter (id, title, lesson, files, hints)");
            return null;
        }
        int end = text.indexOf("\n---\n", 3);
        if (end < 0 && text.endsWith("\n---")) {
            end = text.length() - 4;
        }
        if (end < 0) {
            problems.add(where + ": the front matter has no closing --- line");
            return null;
        }
        Map<?, ?> front;
        try {
            Object yaml = new Yaml().load(text.substring(4, end + 1));
            if (!(yaml instanceof Map<?, ?> map)) {
                problems.add(where + ": the front matter must be 'key: value' lines");
                return null;
            }
            front = map;
        } catch (YAMLException e) {
            String line = e instanceof MarkedYAMLException marked && marked.getProblemMark() != null
                    ? " on line " + (marked.getProblemMark().getLine() + 2) // + the opening --- line, and from 1
                    : "";
            String problem = e instanceof MarkedYAMLException marked && marked.getProblem() != null
                    ? marked.getProblem() : e.getMessage().lines().findFirst().orElse("");
            problems.add(where + ": the front matter is not valid YAML" + line + ": " + problem
                    + (problem.contains("mapping values") ? " (put a value that contains ': ' in double quotes)" : ""));
            return null;
        }
        String statement = text.substring(Math.min(text.length(), end + 5)).strip();

        for (Object key : front.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                problems.add(where + ": unknown key '" + key + "' (known: id, title, lesson, files, hints, summary)");
            }
        }
        String id = text(front, "id", where, problems);
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            problems.add(where + ": id '" + id + "' must be lowercase words joined by hyphens, like sse-resume");
        } else if (!id.isEmpty() && !id.replace("-", "").equals(packageName)) {
            problems.add(where + ": id '" + id + "' belongs in the package folder '" + id.replace("-", "")
                    + "' (the id without hyphens), not '" + packageName + "'");
        }
        String title = text(front, "title", where, problems);
        String lesson = text(front, "lesson", where, problems);
        if (!lesson.isEmpty() && !ID.matcher(lesson).matches()) {
            problems.add(where + ": lesson '" + lesson + "' must be a lesson slug (the file name without its number and .md, like sse-reliability)");
        }
        String summary = front.get("summary") == null ? "" : String.valueOf(front.get("summary")).strip();
        List<String> files = strings(front, "files", where, problems);
        if (files.isEmpty() && front.get("files") instanceof List<?>) {
            problems.add(where + ": 'files' must name at least one file (the first is the one the learner opens)");
        }
        for (String file : files) {
            if (!JAVA_FILE.matcher(file).matches()) {
                problems.add(where + ": files: '" + file + "' must be a Java file name like ReplayBuffer.java (no folders)");
            } else if (file.endsWith(GRADER_SUFFIX)) {
                problems.add(where + ": files: '" + file + "' ends in Test.java, which marks a grader; name the learner's file otherwise");
            } else {
                requireFile(root, WORKSPACE, packageName, file, "the learner's copy", where, problems);
                requireFile(root, STARTERS, packageName, file, "the pristine starter", where, problems);
                requireFile(root, SOLUTIONS, packageName, file, "the reference solution", where, problems);
            }
        }
        List<String> hints = strings(front, "hints", where, problems);
        if (front.get("hints") instanceof List<?> && (hints.size() < MIN_HINTS || hints.size() > MAX_HINTS)) {
            problems.add(where + ": give " + MIN_HINTS + " to " + MAX_HINTS + " hints, from a nudge to nearly the answer (found " + hints.size() + ")");
        }
        if (statement.isEmpty()) {
            problems.add(where + ": the statement is missing: after the front matter, say what to build and why it matters");
        }
        boolean hasGrader = javaFiles(dir).stream()
                .map(p -> p.getFileName().toString())
                .anyMatch(n -> isGrader(n, files));
        if (!hasGrader) {
            problems.add(where + ": no grader: put a JUnit 5 test class named *Test.java beside the starter");
        }
        return id.isEmpty() ? null : new Exercise(id, title, lesson, List.copyOf(files), List.copyOf(hints), summary, statement, packageName);
    }

    private static void requireFile(Path root, String sourceRoot, String packageName, String file, String what,
                                    String where, List<String> problems) {
        String path = sourceRoot + "/" + PACKAGE_DIR + "/" + packageName + "/" + file;
        if (!Files.isRegularFile(root.resolve(path))) {
            problems.add(where + ": files: " + what + " " + path + " is missing");
        }
    }

    private static String text(Map<?, ?> front, String key, String where, List<String> problems) {
        Object value = front.get(key);
        if (value == null || value.toString().isBlank()) {
            problems.add(where + ": '" + key + "' is missing");
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problems.add(where + ": '" + key + "' must be a single line of text");
            return "";
        }
        return value.toString().strip();
    }

    private static List<String> strings(Map<?, ?> front, String key, String where, List<String> problems) {
        Object value = front.get(key);
        if (value == null) {
            problems.add(where + ": '" + key + "' is missing (a YAML list: lines starting with '- ')");
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(where + ": '" + key + "' must be a YAML list (lines starting with '- ')");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (item == null || item instanceof Map<?, ?> || item instanceof List<?> || item.toString().isBlank()) {
                problems.add(where + ": every item of '" + key + "' must be non-empty text (quote it if it contains ': ')");
            } else {
                out.add(item.toString().strip());
            }
        }
        return out;
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
