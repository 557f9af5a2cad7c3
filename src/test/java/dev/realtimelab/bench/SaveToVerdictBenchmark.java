package dev.realtimelab.bench;

import dev.realtimelab.App;
import dev.realtimelab.grading.Exercise;
import dev.realtimelab.grading.ExerciseCatalog;
import dev.realtimelab.grading.GradingFixture;
import dev.realtimelab.grading.SourceFile;
import dev.realtimelab.testkit.TestEventStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Save-to-verdict time, as a page sees it: the time from writing the exercise file to the
 * verdict event arriving on {@code GET /exercises/events} (the feed the lesson page listens
 * to), p50 and p90 over 20 saves of a passing and 20 of a failing version, beside the time of
 * {@code mvn test -Dexercise=ID} for the same exercise. Prints figures; asserts nothing.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.realtimelab.bench.SaveToVerdictBenchmark [-Dexec.args="ID [--maven]"]
 * </pre>
 *
 * Without an id it uses the fixture exercise {@code adder}; with one, that exercise of this
 * course. Either way it works on temporary copies: the workspace is never touched. The passing
 * version is the reference solution, the failing one the starter. {@code --maven} also times
 * Maven on a temporary copy of the project (first run, then the median of three more).
 */
public final class SaveToVerdictBenchmark {
    private static final int SAVES = 20;
    private static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(60);
    /** A person does not save five times a second; the pause also lets the worker settle. */
    private static final long PAUSE_MILLIS = 400;

    private SaveToVerdictBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        boolean maven = arguments.contains("--maven");
        String id = arguments.stream().filter(a -> !a.startsWith("--")).findFirst().orElse("adder");
        Path source = id.equals("adder") ? GradingFixture.ROOT : Path.of("").toAbsolutePath();

        Path course = Files.createTempDirectory("save-to-verdict");
        try {
            copyCourse(source, course);
            Exercise exercise = ExerciseCatalog.load(course).find(id)
                    .orElseThrow(() -> new IllegalArgumentException("no exercise '" + id + "' in " + source));
            ExerciseCatalog catalog = ExerciseCatalog.load(course);
            Map<String, String> passing = contents(catalog.solutionFiles(exercise));
            Map<String, String> failing = contents(catalog.starterFiles(exercise));
            measureFeed(course, catalog, exercise, passing, failing);
            if (maven) {
                measureMaven(source, exercise);
            } else {
                System.out.println("(add --maven to time mvn test -Dexercise=" + id + " too)");
            }
        } finally {
            GradingFixture.delete(course);
        }
    }

    private static void measureFeed(Path course, ExerciseCatalog catalog, Exercise exercise,
                                    Map<String, String> passing, Map<String, String> failing) throws Exception {
        App app = App.start(new App.Options(course, "127.0.0.1", 0, false));
        HttpClient http = HttpClient.newHttpClient();
        try (TestEventStream feed = TestEventStream.open(http, URI.create("http://localhost:" + app.port() + "/exercises/events")).requireOpen()) {
            Path workspace = course.resolve(exercise.workspaceDir()).resolve(exercise.packageDir());
            // The first save pays for the worker JVM's start (begun when the feed opened): shown apart.
            long first = save(feed, workspace, exercise, failing, "failed");
            System.out.printf(Locale.ROOT, "first save after start: %d ms%n", first);
            save(feed, workspace, exercise, passing, "passed");

            List<Long> passed = new ArrayList<>();
            List<Long> failed = new ArrayList<>();
            for (int i = 0; i < SAVES; i++) {
                failed.add(save(feed, workspace, exercise, failing, "failed"));
                passed.add(save(feed, workspace, exercise, passing, "passed"));
            }
            System.out.printf(Locale.ROOT, "save to verdict over SSE, %s, %d saves each:%n", exercise.id(), SAVES);
            print("passing version", passed);
            print("failing version", failed);
        } finally {
            app.stop();
        }
    }

    /** Writes the version, returns milliseconds until its verdict is on the feed. */
    private static long save(TestEventStream feed, Path workspace, Exercise exercise, Map<String, String> version,
                             String expected) throws Exception {
        Thread.sleep(PAUSE_MILLIS);
        feed.inbox.skipAll();
        long start = System.nanoTime();
        for (Map.Entry<String, String> file : version.entrySet()) {
            Files.writeString(workspace.resolve(file.getKey()), file.getValue());
        }
        TestEventStream.Event verdict = feed.next(e -> e.event().equals("verdict")
                && e.json().path("exercise").asText().equals(exercise.id()), VERDICT_TIMEOUT);
        String status = verdict.json().path("status").asText();
        if (!status.equals(expected)) {
            throw new IllegalStateException("expected a " + expected + " verdict, got " + verdict.data());
        }
        return TimeUnit.NANOSECONDS.toMillis(verdict.receivedNanos() - start);
    }

    private static void measureMaven(Path source, Exercise exercise) throws Exception {
        Path project = Files.createTempDirectory("save-to-verdict-maven");
        try {
            Path repo = Path.of("").toAbsolutePath();
            for (String part : List.of("pom.xml", "src", "lessons")) {
                copyTree(repo.resolve(part), project.resolve(part));
            }
            if (!source.equals(repo)) { // the fixture's exercise, placed beside the course's own
                copyTree(source.resolve(exercise.authoredDir()), project.resolve(exercise.authoredDir()));
            }
            List<Long> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long start = System.nanoTime();
                Process mvn = new ProcessBuilder("mvn", "-B", "-ntp", "-q", "-o", "test", "-Dexercise=" + exercise.id())
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(project.resolve("mvn-" + i + ".log").toFile())
                        .start();
                int code = mvn.waitFor();
                runs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                System.out.printf(Locale.ROOT, "mvn test -Dexercise=%s run %d: %d ms (exit %d: the starter %s)%n",
                        exercise.id(), i + 1, runs.get(i), code, code == 0 ? "passed?" : "fails, as it should");
            }
            List<Long> warm = new ArrayList<>(runs.subList(1, runs.size()));
            Collections.sort(warm);
            System.out.printf(Locale.ROOT, "mvn test -Dexercise=%s: first %d ms, then median %d ms%n",
                    exercise.id(), runs.get(0), warm.get(warm.size() / 2));
        } finally {
            GradingFixture.delete(project);
        }
    }

    private static void print(String label, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "  %s: p50 %d ms, p90 %d ms, min %d ms, max %d ms%n", label,
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static Map<String, String> contents(List<SourceFile> files) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        files.forEach(f -> map.put(f.fileName(), f.content()));
        return map;
    }

    /** What the app needs of a course: its lessons and the exercise folders. */
    private static void copyCourse(Path from, Path to) throws IOException {
        for (String part : List.of("lessons", ExerciseCatalog.AUTHORED)) {
            copyTree(from.resolve(part), to.resolve(part));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
