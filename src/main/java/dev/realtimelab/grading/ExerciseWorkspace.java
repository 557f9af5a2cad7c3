package dev.realtimelab.grading;

import dev.realtimelab.shared.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The learner's workspace: {@code workspace/<id>/dev/realtimelab/exercises/<pkg>/}, one source
 * root per exercise, in a folder git ignores. It is written from the starters the first time
 * the course runs, refilled for one exercise by a reset, and otherwise never written: course
 * updates never touch the learner's files, and the learner's files never block an update.
 * Only the exercise's own {@code files} are graded; any other Java file in its folder is named
 * in the verdict, not compiled.
 */
public final class ExerciseWorkspace {
    /** The workspace folder, relative to the course root. */
    public static final String FOLDER = "workspace";
    /** Where the workspace was before (tracked by git): a learner's work there is moved over once. */
    public static final String OLD_WORKSPACE = "src/exercises/java";
    /** Where the old workspace is kept after its files were moved over. */
    public static final String OLD_WORKSPACE_KEPT = ProgressStore.DIRECTORY + "/old-workspace";
    public static final String BACKUPS = ProgressStore.DIRECTORY + "/backups";
    private static final DateTimeFormatter BACKUP_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss");

    private final ExerciseCatalog catalog;
    private final Path root;

    public ExerciseWorkspace(ExerciseCatalog catalog) {
        this.catalog = catalog;
        this.root = catalog.root();
    }

    /** The workspace folder. */
    public Path dir() {
        return root.resolve(FOLDER);
    }

    /**
     * Writes each exercise the workspace does not have yet from its starter (or, once, from the
     * learner's files in the old tracked workspace) and leaves every other one alone. Returns
     * what it did, for the console; nothing when the workspace was complete.
     */
    public synchronized List<String> prepare() {
        List<String> messages = new ArrayList<>();
        Path old = root.resolve(OLD_WORKSPACE);
        List<String> created = new ArrayList<>();
        try {
            for (Exercise exercise : catalog.exercises()) {
                Path dir = root.resolve(exercise.workspaceDir());
                if (Files.exists(dir)) {
                    continue;
                }
                List<String> moved = new ArrayList<>();
                // Written beside, then renamed: a workspace folder is complete or absent.
                Path temporary = dir.resolveSibling("." + exercise.id() + ".tmp");
                deleteTree(temporary);
                Path packageDir = temporary.resolve(exercise.packageDir());
                Files.createDirectories(packageDir);
                for (SourceFile starter : catalog.starterFiles(exercise)) {
                    byte[] bytes = starter.content().getBytes(StandardCharsets.UTF_8);
                    Path earlier = old.resolve(exercise.packageDir()).resolve(starter.fileName());
                    if (Files.isRegularFile(earlier) && !Arrays.equals(Files.readAllBytes(earlier), bytes)) {
                        bytes = Files.readAllBytes(earlier);
                        moved.add(starter.fileName());
                    }
                    Files.write(packageDir.resolve(starter.fileName()), bytes);
                }
                Files.move(temporary, dir);
                created.add(exercise.id());
                if (!moved.isEmpty()) {
                    messages.add("Moved your work on " + exercise.id() + " (" + String.join(", ", moved) + ") from "
                            + OLD_WORKSPACE + "/" + exercise.packageDir() + "/ to " + exercise.workspaceDir() + "/"
                            + exercise.packageDir() + "/: edit it there from now on.");
                }
            }
            if (!created.isEmpty()) {
                messages.add(0, "Wrote " + (created.size() == 1 ? "the exercise " + created.get(0) : created.size() + " exercises")
                        + " into your workspace, " + FOLDER + "/ (git ignores it): edit your exercises there.");
            }
            if (Files.isDirectory(old)) {
                Path kept = root.resolve(OLD_WORKSPACE_KEPT);
                for (int n = 2; Files.exists(kept); n++) {
                    kept = root.resolve(OLD_WORKSPACE_KEPT + "-" + n);
                }
                Files.createDirectories(kept.getParent());
                Files.move(old, kept);
                messages.add("The exercises no longer live in " + OLD_WORKSPACE + "/; that folder is kept as "
                        + relative(kept) + "/ in case you want something from it.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exercise workspace " + dir() + ": " + e.getMessage(), e);
        }
        return messages;
    }

    /**
     * The learner's version of the exercise beside its grader. Other Java files in its folder are
     * left out and named in the notes, as is a file of the exercise that is missing.
     */
    public Submission submission(Exercise exercise) {
        List<SourceFile> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String file : exercise.files()) {
            String path = exercise.workspacePath(file);
            if (Files.isRegularFile(root.resolve(path))) {
                sources.add(catalog.read(path));
            } else {
                notes.add(path + " is missing: \u201cReset to the starter\u201d brings it back.");
            }
        }
        Set<String> expected = exercise.files().stream().map(exercise::workspacePath).collect(Collectors.toSet());
        List<String> unexpected = javaFilesUnder(root.resolve(exercise.workspaceDir())).stream()
                .map(this::relative)
                .filter(path -> !expected.contains(path))
                .toList();
        if (!unexpected.isEmpty()) {
            notes.add("Not compiled: " + String.join(", ", unexpected) + ". Only " + String.join(", ", exercise.files())
                    + (exercise.files().size() == 1 ? " is" : " are") + " graded in this exercise; put your code there.");
        }
        return catalog.withGrader(exercise, Submission.Kind.WORKSPACE, sources, notes);
    }

    /** The exercise a changed file belongs to: its first folder under the workspace is the id. */
    public Optional<String> exerciseOf(Path file) {
        Path workspace = dir();
        if (!file.startsWith(workspace) || file.getNameCount() < workspace.getNameCount() + 2) {
            return Optional.empty();
        }
        return catalog.find(file.getName(workspace.getNameCount()).toString()).map(Exercise::id);
    }

    // region reset
    /**
     * Puts the pristine starter back. Every Java file in the exercise's workspace folder is first
     * copied to {@code .realtime-lab/backups/ID/DATE_TIME/}, so nothing the learner wrote is lost;
     * the ones that are not the exercise's files are then removed.
     */
    public synchronized Exercises.Reset reset(Exercise exercise) {
        Path dir = root.resolve(exercise.workspaceDir());
        Path packageDir = dir.resolve(exercise.packageDir());
        try {
            Path backups = root.resolve(BACKUPS).resolve(exercise.id());
            String name = LocalDateTime.now().format(BACKUP_NAME);
            Path backup = backups.resolve(name);
            for (int n = 2; Files.exists(backup); n++) {
                backup = backups.resolve(name + "-" + n);
            }
            Files.createDirectories(backup);
            List<String> kept = new ArrayList<>();
            for (Path file : javaFilesUnder(dir)) {
                // The exercise's own files keep their names; anything else keeps its place in the folder.
                String keptAs = (file.startsWith(packageDir) ? packageDir : dir).relativize(file).toString().replace('\\', '/');
                Files.createDirectories(backup.resolve(keptAs).getParent());
                Files.copy(file, backup.resolve(keptAs), StandardCopyOption.COPY_ATTRIBUTES);
                kept.add(keptAs);
                if (!exercise.files().contains(keptAs)) {
                    Files.delete(file);
                }
            }
            Files.createDirectories(packageDir);
            for (SourceFile starter : catalog.starterFiles(exercise)) {
                // Written beside, then renamed over: the watcher sees one complete file.
                AtomicFiles.replace(packageDir.resolve(starter.fileName()), starter.content().getBytes(StandardCharsets.UTF_8));
            }
            return new Exercises.Reset(relative(backup) + "/", List.copyOf(kept));
        } catch (IOException e) {
            throw new UncheckedIOException("could not reset " + exercise.id() + ": " + e.getMessage(), e);
        }
    }
    // endregion

    private String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }

    private static List<Path> javaFilesUnder(Path dir) {
        return filesUnder(dir).stream().filter(p -> p.getFileName().toString().endsWith(".java")).toList();
    }

    private static List<Path> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
