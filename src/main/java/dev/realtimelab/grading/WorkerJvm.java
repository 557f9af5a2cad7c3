package dev.realtimelab.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's handle on one worker JVM ({@link WorkerJvmMain}): started with this JVM's own
 * {@code java} and class path, spoken to with JSON lines over its stdin and stdout, and killed
 * (destroyForcibly) when a grading runs past its time.
 */
final class WorkerJvm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerJvm.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_TAIL_CHARS = 4_000;
    /** What {@link #next} returns once the worker's stdout has ended. */
    static final JsonNode END = JSON.createObjectNode().put("type", "end");

    private final Process process;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder stderrTail = new StringBuilder();
    private final OutputStream stdin;
    private final Consumer<String> onLeftoverThreads;
    private int gradings;

    private WorkerJvm(Process process, Consumer<String> onLeftoverThreads) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.onLeftoverThreads = onLeftoverThreads;
        daemon("grading-worker-out-" + process.pid(), this::readStdout).start();
        daemon("grading-worker-err-" + process.pid(), this::readStderr).start();
    }

    /**
     * The command that starts a worker: this JVM's java, its class path, a bounded heap, and
     * this process's id, so the worker ends itself when the app is gone.
     */
    static List<String> command(List<Path> classpath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xmx512m",
                "-XX:+UseSerialGC",            // fewer threads on a small machine
                "-XX:TieredStopAtLevel=1",     // graders are short: quick JIT beats peak speed
                "-XX:+ExitOnOutOfMemoryError", // a runaway allocation ends the worker, not the app
                "-Xshare:auto",
                "-Djava.awt.headless=true",
                "-Dfile.encoding=UTF-8",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", Classpath.joined(classpath),
                WorkerJvmMain.class.getName(),
                String.valueOf(ProcessHandle.current().pid())));
        return command;
    }

    /** Starts a worker; {@code onLeftoverThreads} hears when a grading left threads running. */
    static WorkerJvm start(List<String> command, Consumer<String> onLeftoverThreads) throws IOException {
        Process process = new ProcessBuilder(command).start();
        LOG.debug("grading worker started, pid {}", process.pid());
        return new WorkerJvm(process, onLeftoverThreads);
    }

    /** Waits for the worker's "ready" (JUnit loaded); false if it died or took too long. */
    boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            JsonNode message = next(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (message == null || message == END) {
                return false;
            }
            if ("ready".equals(message.path("type").asText())) {
                return true;
            }
        }
    }

    /** The "grade" message: the compiled classes (Base64) and the grader classes to run. */
    static ObjectNode gradeRequest(Map<String, byte[]> classes, List<String> graders) {
        ObjectNode request = JSON.createObjectNode().put("type", "grade");
        ObjectNode encoded = request.putObject("classes");
        classes.forEach((name, bytes) -> encoded.put(name, Base64.getEncoder().encodeToString(bytes)));
        graders.forEach(request.putArray("tests")::add);
        return request;
    }

    synchronized void send(ObjectNode request) throws IOException {
        gradings++;
        stdin.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next message, {@link #END} once the worker is gone, or null after {@code timeoutMillis}. */
    JsonNode next(long timeoutMillis) throws InterruptedException {
        JsonNode message = inbox.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
        if (message == END) {
            inbox.add(END); // every later call sees the end too
        }
        return message;
    }

    int gradings() {
        return gradings;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The exit status, once the process has ended (waits briefly for it). */
    Integer exitStatus() throws InterruptedException {
        return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return stderrTail.toString().strip();
        }
    }

    /** Kills the JVM at once (SIGKILL on Unix): a looping learner thread cannot refuse. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            stdin.close(); // the worker halts when its stdin ends
        } catch (IOException e) {
            // already gone
        }
        kill();
    }

    private void readStdout() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("{")) {
                    LOG.debug("grading worker said: {}", line); // a JVM warning, not a message
                    continue;
                }
                try {
                    JsonNode message = JSON.readTree(line);
                    if ("leftovers".equals(message.path("type").asText())) {
                        onLeftoverThreads.accept(message.path("threads").toString());
                    } else {
                        inbox.add(message);
                    }
                } catch (IOException e) {
                    LOG.debug("grading worker sent an unreadable line: {}", line);
                }
            }
        } catch (IOException e) {
            // the stream ended with the process
        } finally {
            inbox.add(END);
        }
    }

    private void readStderr() {
        try (InputStream err = process.getErrorStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = err.read(buffer)) > 0) {
                synchronized (stderrTail) {
                    stderrTail.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (stderrTail.length() > STDERR_TAIL_CHARS) {
                        stderrTail.delete(0, stderrTail.length() - STDERR_TAIL_CHARS);
                    }
                }
            }
        } catch (IOException e) {
            // the stream ended with the process
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
