package dev.realtimelab.grading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles an exercise with javax.tools, sources and classes in memory: nothing is written to
 * the learner's folder, and a warm compiler takes a fraction of a second. No annotation
 * processing: compiling must never run the learner's code.
 */
final class InMemoryCompiler {
    private static final int MAX_ERRORS = 50;
    /** The course's language level, as in pom.xml: what compiles here compiles under Maven too. */
    private static final String RELEASE = "17";

    /** The class files, by binary name, or the errors javac reported. */
    record Result(Map<String, byte[]> classes, List<Verdict.CompileError> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    /** There is no compiler in this Java runtime (a JRE, not a JDK). */
    static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("this Java runtime has no compiler (javax.tools): run the course with a JDK, 17 or newer");
        }
    }

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;

    InMemoryCompiler(List<Path> classpath) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new Unavailable();
        }
        // One file manager for every compilation: it keeps the class path's jars open and indexed.
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the class path " + classpath, e);
        }
    }

    synchronized Result compile(List<SourceFile> sources) {
        Map<String, ByteArrayOutputStream> output = new LinkedHashMap<>();
        JavaFileManager inMemory = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
                return new SimpleJavaFileObject(uri, kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        output.put(className, bytes);
                        return bytes;
                    }
                };
            }
        };
        Map<JavaFileObject, String> paths = new LinkedHashMap<>();
        for (SourceFile source : sources) {
            paths.put(new SimpleJavaFileObject(URI.create("source:///" + source.path()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.content();
                }
            }, source.path());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-proc:none", "-g", "--release", RELEASE, "-nowarn", "-Xlint:none", "-Xmaxerrs", String.valueOf(MAX_ERRORS));
        boolean ok = javac.getTask(null, inMemory, diagnostics, options, null, paths.keySet()).call();
        List<Verdict.CompileError> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String file = d.getSource() == null ? "(no file)" : paths.getOrDefault(d.getSource(), d.getSource().getName());
                errors.add(new Verdict.CompileError(file, Math.max(0, d.getLineNumber()), Math.max(0, d.getColumnNumber()),
                        d.getMessage(Locale.ENGLISH)));
            }
        }
        if (!ok && errors.isEmpty()) {
            errors.add(new Verdict.CompileError("(no file)", 0, 0, "javac failed without saying why"));
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (errors.isEmpty()) {
            output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        }
        return new Result(classes, List.copyOf(errors));
    }
}
