package dev.realtimelab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The worker JVM: runs graders with the JUnit Platform Launcher, one at a time, out of the
 * app's process. It reads one JSON request a line on stdin and answers with JSON lines on the
 * stdout it had at start; the learner's own {@code System.out}/{@code err} are captured instead,
 * so nothing they print can garble the protocol. The app kills it when a grading runs too long;
 * it halts itself when the app is gone.
 *
 * <p>Protocol (one JSON object a line). In: {@code {"type":"grade","classes":{name: base64},
 * "tests":[class names]}}. Out: {@code ready}, then per grading {@code plan} (total tests),
 * {@code started} and {@code test} per test, {@code done} (captured output), later perhaps
 * {@code leftovers} (threads a grading left running); {@code exiting} on System.exit.
 */
public final class WorkerJvmMain {
    static final int MAX_OUTPUT_BYTES = 16 * 1024;
    private static final int MAX_MESSAGE_CHARS = 2_000;
    private static final long LEFTOVER_GRACE_MILLIS = 8_000;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream protocol;
    private final ReentrantLock sending = new ReentrantLock();
    private final BoundedOutput captured = new BoundedOutput(MAX_OUTPUT_BYTES);
    private final Launcher launcher = LauncherFactory.create();
    private volatile String runningTest;
    private volatile boolean stopping;

    private WorkerJvmMain(PrintStream protocol) {
        this.protocol = protocol;
    }

    public static void main(String[] args) throws IOException {
        // Keep the real stdin/stdout for the protocol, and give the learner's code harmless ones.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        BufferedReader requests = new BufferedReader(new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
        WorkerJvmMain worker = new WorkerJvmMain(protocol);
        PrintStream learnerOut = new PrintStream(worker.captured, true, StandardCharsets.UTF_8);
        System.setOut(learnerOut);
        System.setErr(learnerOut);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (args.length > 0) {
            watchParent(Long.parseLong(args[0]));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(worker::reportExit, "report-exit"));

        worker.warmUp();
        worker.send(worker.message("ready"));
        String line;
        while ((line = requests.readLine()) != null) {
            if (!line.isBlank()) {
                worker.handle(line);
            }
        }
        // stdin closed: the app is done with this worker. Halt: leftover learner threads may not end.
        worker.stopping = true;
        protocol.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Ends this JVM when the app that started it is gone, even if learner code is looping. */
    private static void watchParent(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        Thread watchdog = new Thread(() -> {
            while (true) {
                if (parent.isEmpty() || !parent.get().isAlive()) {
                    Runtime.getRuntime().halt(0);
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    // keep watching
                }
            }
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Loads and runs JUnit once, so the first real grading finds it warm. */
    private void warmUp() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(WarmUp.class)).build();
        launcher.execute(request, new TestExecutionListener() {});
        json.valueToTree(Map.of("warm", true)); // loads Jackson too
        captured.drain();
    }

    private void handle(String line) {
        JsonNode request;
        try {
            request = json.readTree(line);
        } catch (IOException e) {
            send(message("error").put("message", "the worker got a request it cannot read: " + e.getMessage()));
            return;
        }
        if (!"grade".equals(request.path("type").asText())) {
            send(message("error").put("message", "unknown request type " + request.path("type")));
            return;
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        request.path("classes").properties().forEach(e -> classes.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
        List<String> tests = new ArrayList<>();
        request.path("tests").forEach(t -> tests.add(t.asText()));
        grade(classes, tests);
    }

    private void grade(Map<String, byte[]> classes, List<String> testClasses) {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        GradingClassLoader loader = new GradingClassLoader(classes, WorkerJvmMain.class.getClassLoader());
        Thread self = Thread.currentThread();
        ClassLoader previous = self.getContextClassLoader();
        self.setContextClassLoader(loader);
        captured.drain();
        String problem = null;
        try {
            List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
            for (String name : testClasses) {
                selectors.add(DiscoverySelectors.selectClass(loader.loadClass(name)));
            }
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
            launcher.execute(request, new Reporter(loader));
        } catch (ClassNotFoundException | LinkageError e) {
            problem = "the grader could not be loaded: " + e;
        } catch (RuntimeException e) {
            problem = "JUnit could not run the grader: " + e;
        } finally {
            self.setContextClassLoader(previous);
            runningTest = null;
        }
        ObjectNode done = message("done").put("output", captured.drain());
        if (problem != null) {
            done.put("problem", problem);
        }
        send(done);
        watchLeftovers(before);
    }

    /**
     * Watches the threads the grading started and left running, from a daemon thread so the
     * next grading need not wait. Most end on their own within seconds (Javalin starts one
     * that sleeps 5 s); any still alive after {@value #LEFTOVER_GRACE_MILLIS} ms is reported,
     * and the app replaces this worker rather than carry them into later gradings.
     */
    private void watchLeftovers(Set<Thread> before) {
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .toList();
        if (started.isEmpty()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + LEFTOVER_GRACE_MILLIS * 1_000_000;
            for (Thread thread : started) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                try {
                    thread.join(Math.max(1, left));
                } catch (InterruptedException e) {
                    return;
                }
            }
            List<String> alive = started.stream().filter(Thread::isAlive).map(WorkerJvmMain::describe).toList();
            if (!alive.isEmpty()) {
                ObjectNode leftovers = message("leftovers");
                alive.forEach(leftovers.putArray("threads")::add);
                send(leftovers);
            }
        }, "leftover-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A thread's name and the first frame outside the JDK: enough to find who started it. */
    private static String describe(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (!frame.getClassName().startsWith("java.") && !frame.getClassName().startsWith("jdk.")) {
                return thread.getName() + " at " + frame;
            }
        }
        return thread.getName();
    }

    /** On System.exit: tells the app which test did it, before the JVM goes. */
    private void reportExit() {
        if (stopping) {
            return;
        }
        try {
            if (sending.tryLock(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                try {
                    ObjectNode exiting = message("exiting").put("output", captured.drain());
                    if (runningTest != null) {
                        exiting.put("during", runningTest);
                    }
                    protocol.println(json.writeValueAsString(exiting));
                    protocol.flush();
                } finally {
                    sending.unlock();
                }
            }
        } catch (InterruptedException | IOException e) {
            // the app still sees the end of the stream and the exit status
        }
    }

    private ObjectNode message(String type) {
        return json.createObjectNode().put("type", type);
    }

    private void send(ObjectNode message) {
        sending.lock();
        try {
            protocol.println(json.writeValueAsString(message));
            protocol.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(1); // the app is gone
        } finally {
            sending.unlock();
        }
    }

    /** Streams each test's start and result to the app, which moves the page's progress bar. */
    private final class Reporter implements TestExecutionListener {
        private final GradingClassLoader loader;
        private final Map<TestIdentifier, Long> startedAt = new HashMap<>();
        private TestPlan plan;
        private int total;

        Reporter(GradingClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
            total = (int) testPlan.countTestIdentifiers(TestIdentifier::isTest);
            send(message("plan").put("total", total));
        }

        @Override
        public void dynamicTestRegistered(TestIdentifier id) {
            if (id.isTest()) {
                total++;
                send(message("plan").put("total", total));
            }
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            startedAt.put(id, System.nanoTime());
            if (id.isTest()) {
                runningTest = nameOf(id);
                send(message("started").put("name", runningTest));
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                report(nameOf(id), Verdict.TestResult.SKIPPED, reason, 0);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long millis = (System.nanoTime() - startedAt.getOrDefault(id, System.nanoTime())) / 1_000_000;
            String message = result.getThrowable().map(this::describe).orElse("");
            if (id.isTest()) {
                String status = switch (result.getStatus()) {
                    case SUCCESSFUL -> Verdict.TestResult.PASSED;
                    case ABORTED -> Verdict.TestResult.SKIPPED;
                    case FAILED -> Verdict.TestResult.FAILED;
                };
                report(nameOf(id), status, message, millis);
            } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                // A failure outside any test (@BeforeAll, a static initializer): its tests never ran.
                total++;
                send(message("plan").put("total", total));
                report("setting up " + id.getDisplayName(), Verdict.TestResult.FAILED, message, millis);
            }
        }

        private void report(String name, String status, String message, long millis) {
            send(message("test").put("name", name).put("status", status).put("message", message).put("durationMillis", millis));
        }

        /** Parameterized and dynamic tests read better with their method's name in front. */
        private String nameOf(TestIdentifier id) {
            Optional<TestIdentifier> parent = plan == null ? Optional.empty() : plan.getParent(id);
            if (parent.isPresent() && parent.get().getSource().filter(MethodSource.class::isInstance).isPresent()) {
                // "addsFromATable(int, int)" reads better without its parameter types
                String method = parent.get().getDisplayName().replaceFirst("^(\\w+)\\(.*\\)$", "$1");
                return method + " " + id.getDisplayName();
            }
            return id.getDisplayName();
        }

        /**
         * An assertion's own message is written for the learner; any other exception is named,
         * with the line of exercise code that threw it.
         */
        private String describe(Throwable thrown) {
            String text;
            if (thrown instanceof AssertionError) {
                text = thrown.getMessage() != null ? thrown.getMessage() : "an assertion failed (" + thrown.getClass().getSimpleName() + ")";
            } else {
                text = thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
                for (StackTraceElement frame : thrown.getStackTrace()) {
                    if (loader.defines(frame.getClassName()) && frame.getFileName() != null) {
                        text += " (at " + frame.getFileName() + ":" + frame.getLineNumber() + ")";
                        break;
                    }
                }
                if (thrown.getCause() != null && thrown.getCause() != thrown) {
                    text += "; caused by " + thrown.getCause().getClass().getSimpleName()
                            + (thrown.getCause().getMessage() == null ? "" : ": " + thrown.getCause().getMessage());
                }
            }
            return text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "\u2026" : text;
        }
    }

    /** What the learner's code prints, kept up to a limit (a print in a loop must not fill memory). */
    static final class BoundedOutput extends OutputStream {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean truncated;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = limit - bytes.size();
            if (len > room) {
                truncated = true;
            }
            bytes.write(b, off, Math.max(0, Math.min(len, room)));
        }

        synchronized String drain() {
            String text = bytes.toString(StandardCharsets.UTF_8) + (truncated ? "\n[output cut at " + limit / 1024 + " KB]" : "");
            bytes.reset();
            truncated = false;
            return text;
        }
    }

    /** A test that always passes, run once at start so JUnit's classes are loaded and compiled. */
    public static final class WarmUp {
        @Test
        void warm() {
            Assertions.assertEquals(2, 1 + 1);
        }
    }
}
