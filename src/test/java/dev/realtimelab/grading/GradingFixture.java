package dev.realtimelab.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The fake course in src/test/resources/grading-fixture: one lesson and the exercise
 * {@code adder}, so the engine's tests never depend on the real exercises.
 */
public final class GradingFixture {
    public static final Path ROOT = Path.of("src/test/resources/grading-fixture").toAbsolutePath();
    /** The learner's copy of the fixture's one file, in the workspace the app writes on start. */
    public static final String ADDER = "workspace/adder/dev/realtimelab/exercises/adder/Adder.java";
    public static final String ADDER_STARTER = "src/exercises/adder/starter/dev/realtimelab/exercises/adder/Adder.java";
    public static final String ADDER_SOLUTION = "src/exercises/adder/solution/dev/realtimelab/exercises/adder/Adder.java";

    private GradingFixture() {}

    /** A version of Adder.java from variants/: Broken, Wrong, Loops, Exits. */
    public static String variant(String name) {
        return read(ROOT.resolve("variants").resolve(name + ".java"));
    }

    public static String solution() {
        return read(ROOT.resolve(ADDER_SOLUTION));
    }

    public static String starter() {
        return read(ROOT.resolve(ADDER_STARTER));
    }

    /** A fresh copy of the fixture course in a new temporary folder, for tests that write. */
    public static Path copy() {
        try {
            Path target = Files.createTempDirectory("grading-fixture");
            try (Stream<Path> files = Files.walk(ROOT)) {
                for (Path from : files.toList()) {
                    Path to = target.resolve(ROOT.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of the fixture course whose workspace is written, as the app does on start. */
    public static Path copyWithWorkspace() {
        Path root = copy();
        new ExerciseWorkspace(ExerciseCatalog.load(root)).prepare();
        return root;
    }

    /**
     * Adds a second exercise to a copy of the fixture: {@code adder} again under another id
     * ({@code adder-again}, package {@code adderagain}), so tests can break one and grade the other.
     */
    public static String addTwin(Path root) {
        String id = "adder-again";
        try (Stream<Path> files = Files.walk(root.resolve("src/exercises/adder"))) {
            for (Path from : files.filter(Files::isRegularFile).toList()) {
                String relative = root.resolve("src/exercises/adder").relativize(from).toString().replace('\\', '/')
                        .replace("exercises/adder/", "exercises/adderagain/");
                Path to = root.resolve("src/exercises").resolve(id).resolve(relative);
                Files.createDirectories(to.getParent());
                Files.writeString(to, read(from).replace("exercises.adder;", "exercises.adderagain;")
                        .replace("id: adder", "id: " + id).replace("@Tag(\"adder\")", "@Tag(\"" + id + "\")"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans it up eventually
        }
    }

    /** Writes a file the way an editor saves: the whole content at once. */
    public static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
