package dev.realtimelab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house plan's rules, read from the imports of src/main/java: no cycles between the parts,
 * a transport-free hub, a course that knows nothing of the rest. A part is a top-level package
 * under dev.realtimelab (its sub-packages belong to it), except that live/hub and
 * live/transport are parts of their own, as the house plan draws them.
 */
class PackageRulesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final String ROOT = "dev.realtimelab";

    /** Part -> the parts it imports, and the external imports of each part. */
    private static final Map<String, Set<String>> USES = new TreeMap<>();
    private static final Map<String, Set<String>> EXTERNAL = new TreeMap<>();

    static {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                String from = part(pkg.find() ? pkg.group(1) : ROOT);
                USES.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher imports = IMPORT.matcher(source);
                while (imports.find()) {
                    String imported = imports.group(1);
                    if (imported.startsWith(ROOT + ".")) {
                        String to = part(imported.substring(0, imported.lastIndexOf('.')));
                        if (!to.equals(from)) {
                            USES.get(from).add(to);
                        }
                    } else {
                        EXTERNAL.computeIfAbsent(from, k -> new TreeSet<>()).add(imported);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "dev.realtimelab.live.hub.Room" and "dev.realtimelab.live.hub" are both the part "live.hub". */
    static String part(String pkg) {
        if (pkg.equals(ROOT)) {
            return "(root)";
        }
        String[] names = pkg.substring(ROOT.length() + 1).split("\\.");
        // A class imported from the root package (dev.realtimelab.App) looks like a package here.
        if (Character.isUpperCase(names[0].charAt(0))) {
            return "(root)";
        }
        if (names[0].equals("live") && names.length > 1 && (names[1].equals("hub") || names[1].equals("transport"))) {
            return "live." + names[1];
        }
        return names[0];
    }

    @Test
    void noPartDependsOnItselfThroughOthers() {
        List<String> cycles = new ArrayList<>();
        for (String start : USES.keySet()) {
            findCycle(start, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles; uses: " + USES);
    }

    private static void findCycle(String start, String at, List<String> path, List<String> cycles) {
        for (String next : USES.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) { // report each cycle once
                path.add(next);
                findCycle(start, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void theHubKnowsNoTransportNoPartOfTheAppAndNoWebServer() {
        assertEquals(Set.of(), USES.get("live.hub"), "the hub imports nothing of the app");
        List<String> transport = EXTERNAL.getOrDefault("live.hub", Set.of()).stream()
                .filter(i -> i.startsWith("org.eclipse.jetty") || i.startsWith("io.javalin") || i.startsWith("jakarta.servlet"))
                .toList();
        assertEquals(List.of(), transport, "the hub is transport-free");
    }

    @Test
    void theCourseAndTheSharedPlaceImportNoOtherPart() {
        assertEquals(Set.of(), USES.get("course"), "course never imports web, live, grading or workshop");
        assertEquals(Set.of(), USES.getOrDefault("shared", Set.of()), "shared is below everyone");
    }

    @Test
    void thereIsOneScheduler() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> schedulers = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            String source = Files.readString(f);
                            return source.contains("newSingleThreadScheduledExecutor") || source.contains("newScheduledThreadPool")
                                    || source.contains("enableAutomaticPings");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
            assertTrue(schedulers.isEmpty(), "the ticker is the app's one scheduler: " + schedulers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
