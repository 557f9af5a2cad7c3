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
    public static final String ADDER = "src/exercises/java/dev/realtimelab/exercises/adder/Adder.java";

    private GradingFixture() {}

    /** A version of Adder.java from variants/: Broken, Wrong, Loops, Exits. */
    public static String variant(String name) {
        return read(ROOT.resolve("variants").resolve(name + ".java"));
    }

    public static String solution() {
        return read(ROOT.resolve("src/solutions/java/dev/realtimelab/exercises/adder/Adder.java"));
    }

    public static String starter() {
        return read(ROOT.resolve("src/starters/java/dev/realtimelab/exercises/adder/Adder.java"));
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
