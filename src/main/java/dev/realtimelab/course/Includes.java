package dev.realtimelab.course;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a region of a real source file for {@code ```java include=PATH#REGION}, so the code a
 * lesson shows is the code that runs. Only files under {@code src/} of the course root are
 * readable. A region is marked with {@code // region NAME} and {@code // endregion}.
 */
public final class Includes {
    private static final Pattern REGION_START = Pattern.compile("^\\s*//\\s*region\\s+(\\S+)\\s*$");
    private static final Pattern REGION_END = Pattern.compile("^\\s*//\\s*endregion\\b.*$");

    private final Path sourceRoot;

    public Includes(Path courseRoot) {
        this.sourceRoot = courseRoot.resolve("src").toAbsolutePath().normalize();
    }

    /** The text to show for {@code spec} ("path" or "path#region"), dedented. */
    public String read(String spec) {
        int hash = spec.indexOf('#');
        String file = hash < 0 ? spec : spec.substring(0, hash);
        String region = hash < 0 ? null : spec.substring(hash + 1);
        List<String> lines = readLines(file);
        if (region == null) {
            return String.join("\n", withoutMarkers(lines));
        }
        List<String> inside = null;
        int depth = 0;
        for (String line : lines) {
            Matcher start = REGION_START.matcher(line);
            if (inside == null) {
                if (start.matches() && start.group(1).equals(region)) {
                    inside = new ArrayList<>();
                }
                continue;
            }
            if (start.matches()) {
                depth++;
            } else if (REGION_END.matcher(line).matches()) {
                if (depth == 0) {
                    return String.join("\n", dedent(withoutMarkers(inside)));
                }
                depth--;
            }
            inside.add(line);
        }
        if (inside != null) {
            throw new LessonException("include " + spec + ": region '" + region + "' has no // endregion");
        }
        throw new LessonException("include " + spec + ": no '// region " + region + "' in " + file);
    }

    private List<String> readLines(String file) {
        if (file.isBlank() || file.startsWith("/") || file.contains("\\")) {
            throw new LessonException("include " + file + ": give a path relative to the course root, under src/");
        }
        Path path = sourceRoot.getParent().resolve(file).normalize();
        if (!path.startsWith(sourceRoot)) {
            throw new LessonException("include " + file + ": only files under src/ can be included");
        }
        try {
            if (!path.toRealPath().startsWith(sourceRoot.toRealPath())) {
                throw new LessonException("include " + file + ": only files under src/ can be included");
            }
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new LessonException("include " + file + ": no such file");
        }
    }

    private static List<String> withoutMarkers(List<String> lines) {
        return lines.stream()
                .filter(l -> !REGION_START.matcher(l).matches() && !REGION_END.matcher(l).matches())
                .toList();
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}
