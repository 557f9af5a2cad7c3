package dev.realtimelab.grading;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The app's own class path, which graders compile against and the worker JVM runs with. Under
 * {@code java -jar} it is the shaded jar; under {@code mvn exec:java} Maven puts the app in a
 * URLClassLoader (java.class.path is then Maven's own launcher), so both are read.
 */
final class Classpath {
    private Classpath() {}

    static List<Path> ofApp() {
        Set<Path> entries = new LinkedHashSet<>();
        for (ClassLoader loader = Classpath.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Path.of(url.toURI()));
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            // not a plain file URL: the JVM's class path below still applies
                        }
                    }
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry));
            }
        }
        return entries.stream()
                .map(p -> p.toAbsolutePath().normalize())
                .filter(Files::exists)
                // The app's test classes (present only under Surefire) hold Maven-compiled copies
                // of the workspace; graders compile from source, and must not lean on test code.
                .filter(p -> !p.getFileName().toString().equals("test-classes"))
                .distinct()
                .toList();
    }

    static String joined(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
