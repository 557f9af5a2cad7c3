package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.course.Directive;
import dev.realtimelab.course.LessonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading an authored exercise folder: the fixture reads cleanly, and each kind of mistake gets a clear message. */
class ExerciseCatalogTest {
    static final String GOOD = """
            ---
            id: echo-back
            title: Echo back
            lesson: event-stream
            files:
              - Echo.java
            hints:
              - first
              - second
            ---
            Build it.
            """;

    @Test
    void theFixtureExerciseIsReadWithEveryField() {
        ExerciseCatalog catalog = ExerciseCatalog.load(GradingFixture.ROOT);
        assertEquals(List.of(), catalog.problems());
        Exercise adder = catalog.find("adder").orElseThrow();
        assertEquals("Add two numbers", adder.title());
        assertEquals("fixture", adder.lesson());
        assertEquals(List.of("Adder.java"), adder.files());
        assertEquals(2, adder.hints().size());
        assertEquals(GradingFixture.ADDER, adder.fileToOpen());
        assertEquals("workspace/adder", adder.workspaceDir());
        assertEquals("mvn test -Dexercise=adder", adder.mavenCommand());
        assertTrue(adder.statement().startsWith("Make `Adder.add(a, b)` return"));
        assertEquals(List.of("dev.realtimelab.exercises.adder.AdderTest"), catalog.solution(adder).graderClassNames());
        assertEquals(List.of(GradingFixture.ADDER_SOLUTION, "src/exercises/adder/grader/dev/realtimelab/exercises/adder/AdderTest.java"),
                catalog.solution(adder).sources().stream().map(SourceFile::path).toList());
        assertEquals(List.of(GradingFixture.ADDER_STARTER, "src/exercises/adder/grader/dev/realtimelab/exercises/adder/AdderTest.java"),
                catalog.starter(adder).sources().stream().map(SourceFile::path).toList());
    }

    @Test
    void aSoundExerciseHasNoProblems(@TempDir Path root) throws IOException {
        write(root, "echo-back", GOOD, true);
        ExerciseCatalog catalog = ExerciseCatalog.load(root);
        assertEquals(List.of(), catalog.problems());
        assertEquals("echoback", catalog.find("echo-back").orElseThrow().packageName());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            no front matter           | ---\\n                    | Just text.\\n                      | front matter: the file must start with a --- line
            no closing line           | \\n---\\nBuild it.      | \\nBuild it.                             | front matter: no closing --- line
            id in the wrong folder    | id: echo-back             | id: echo-front                         | id 'echo-front' belongs in the folder src/exercises/echo-front, not src/exercises/echo-back
            id with capitals          | id: echo-back             | id: Echo-Back                          | id 'Echo-Back' must be lowercase words joined by hyphens
            title missing             | title: Echo back          | x-title: Echo back                     | 'title' is missing
            unknown key               | title: Echo back          | title: Echo back\\nlevel: hard         | unknown key 'level'
            lesson not a slug         | lesson: event-stream      | lesson: 02-event-stream.md             | must be a lesson slug
            files not a list          | files:\\n  - Echo.java    | files: Echo.java                       | 'files' must be a YAML list
            a grader named as a file  | - Echo.java               | - EchoTest.java                        | ends in Test.java, which marks a grader
            a folder in a file name   | - Echo.java               | - sub/Echo.java                        | must be a Java file name like ReplayBuffer.java
            one hint only             | \\n  - second             | \\n                                    | give 2 to 3 hints
            a file that is missing    | - Echo.java               | - Echo.java\\n  - Missing.java         | the starter src/exercises/echo-back/starter/dev/realtimelab/exercises/echoback/Missing.java is missing
            no statement              | Build it.                 | \\n                                    | the statement is missing
            a colon in a plain value  | title: Echo back          | title: Echo: back                      | front matter: not valid YAML on line 3: mapping values are not allowed here (put a value that contains ': ' in double quotes)
            """)
    void aMistakeInTheMetadataIsNamed(String mistake, String replace, String with, String expected, @TempDir Path root) throws IOException {
        String metadata = GOOD.replace(unescape(replace), unescape(with));
        if (mistake.equals("no front matter")) {
            metadata = "Just text.\n";
        }
        write(root, "echo-back", metadata, true);
        ExerciseCatalog catalog = ExerciseCatalog.load(root);

        List<String> problems = catalog.problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), mistake + ": expected '" + expected + "' in " + problems);
        assertTrue(problems.stream().allMatch(p -> p.startsWith("src/exercises/echo-back/EXERCISE.md: ")),
                "each problem names the file: " + problems);
        assertTrue(catalog.exercises().isEmpty(), "an exercise with problems is left out");
    }

    @Test
    void missingStarterSolutionGraderAndMetadataAreNamed(@TempDir Path root) throws IOException {
        write(root, "echo-back", GOOD, false);
        Files.createDirectories(root.resolve("src/exercises/empty"));
        List<String> problems = ExerciseCatalog.load(root).problems();
        String where = "src/exercises/echo-back/EXERCISE.md: ";
        assertTrue(problems.contains(where + "files: the reference solution "
                + "src/exercises/echo-back/solution/dev/realtimelab/exercises/echoback/Echo.java is missing"), problems.toString());
        assertTrue(problems.contains(where + "no grader: put a JUnit 5 test class named *Test.java in "
                + "src/exercises/echo-back/grader/dev/realtimelab/exercises/echoback/"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("src/exercises/empty/EXERCISE.md: missing")), problems.toString());
    }

    @Test
    void aStarterFileThatIsNotListedIsNamed(@TempDir Path root) throws IOException {
        write(root, "echo-back", GOOD, true);
        Files.writeString(root.resolve("src/exercises/echo-back/starter/dev/realtimelab/exercises/echoback/Extra.java"), "class Extra {}");
        assertEquals(List.of("src/exercises/echo-back/EXERCISE.md: src/exercises/echo-back/starter/dev/realtimelab/exercises/echoback/Extra.java"
                        + " is not in 'files': list it, or move it to grader/ if the grader needs it"),
                ExerciseCatalog.load(root).problems());
    }

    @Test
    void theOldWorkspaceFolderIsNotAnExercise(@TempDir Path root) throws IOException {
        write(root, "echo-back", GOOD, true);
        Files.createDirectories(root.resolve("src/exercises/java/dev/realtimelab/exercises/echoback"));
        assertEquals(List.of(), ExerciseCatalog.load(root).problems());
    }

    @Test
    void aStatementLinksLessonsByFileNameAndTheCardPointsAtTheirUrls(@TempDir Path root) throws IOException {
        write(root, "echo-back", GOOD.replace("Build it.", "Build it (see [rooms](06-rooms.md#fan-out) and [the spec](https://example.org/a.md))."), true);
        String html = new ExerciseDirective(ExerciseCatalog.load(root)).render(new Directive.Block("00-fixture.md", "echo-back", ""));
        assertTrue(html.contains("href=\"/lessons/rooms#fan-out\">rooms</a>"), html);
        assertTrue(html.contains("href=\"https://example.org/a.md\">the spec</a>"), "other links stay as they are: " + html);
    }

    @Test
    void theDirectiveRendersACardAndRefusesAnUnknownId() {
        ExerciseDirective directive = new ExerciseDirective(ExerciseCatalog.load(GradingFixture.ROOT));
        String html = directive.render(new Directive.Block("00-fixture.md", "adder", ""));
        assertTrue(html.contains("data-exercise=\"adder\""), html);
        assertTrue(html.contains("Add two numbers"), html);
        assertTrue(html.contains("<code>" + GradingFixture.ADDER + "</code>"), html);
        assertTrue(html.contains("<code>mvn test -Dexercise=adder</code>"), html);
        assertTrue(html.contains("Show a hint (1 of 2)"), html);
        assertTrue(html.contains("<code>Adder.add(a, b)</code>"), "the statement is Markdown: " + html);

        LessonException unknown = assertThrows(LessonException.class,
                () -> directive.render(new Directive.Block("00-fixture.md", "adde", "")));
        assertEquals("unknown exercise 'adde' (known: adder)", unknown.getMessage());
    }

    /** An exercise folder: EXERCISE.md, the starter, and (with {@code allFiles}) the solution and a grader. */
    private static void write(Path root, String folder, String metadata, boolean allFiles) throws IOException {
        String packageName = folder.replace("-", "");
        Path dir = root.resolve("src/exercises").resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("EXERCISE.md"), metadata);
        String packagePath = "dev/realtimelab/exercises/" + packageName;
        String starter = "package dev.realtimelab.exercises." + packageName + ";\npublic class Echo {}\n";
        Files.createDirectories(dir.resolve("starter").resolve(packagePath));
        Files.writeString(dir.resolve("starter").resolve(packagePath).resolve("Echo.java"), starter);
        if (allFiles) {
            Files.createDirectories(dir.resolve("solution").resolve(packagePath));
            Files.writeString(dir.resolve("solution").resolve(packagePath).resolve("Echo.java"), starter);
            Files.createDirectories(dir.resolve("grader").resolve(packagePath));
            Files.writeString(dir.resolve("grader").resolve(packagePath).resolve("EchoTest.java"),
                    "package dev.realtimelab.exercises." + packageName + ";\nclass EchoTest {}\n");
        }
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n");
    }
}
