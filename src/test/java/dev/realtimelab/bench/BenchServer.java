package dev.realtimelab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server process a benchmark starts and measures: on a free loopback port, ready once it
 * answers HTTP on a given path, and stopped on {@link #close}. Its output goes to a consumer
 * (or nowhere), read on a thread of its own so that a chatty server never blocks on a full pipe.
 */
final class BenchServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private BenchServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Runs {@code command}, with {@code {port}} replaced by a free port, and waits until a GET of
     * {@code readyPath} gets any answer (or fails after {@code timeout}).
     */
    static BenchServer start(List<String> command, String readyPath, Duration timeout, Consumer<String> output)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> args = command.stream().map(a -> a.replace("{port}", Integer.toString(port))).toList();
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        Thread drain = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (output != null) {
                        output.accept(line);
                    }
                }
            } catch (IOException gone) {
                // the server ended
            }
        }, "bench-server-output");
        drain.setDaemon(true);
        drain.start();
        BenchServer server = new BenchServer(process, port);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(server.base() + readyPath)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HTTP.send(probe, HttpResponse.BodyHandlers.discarding());
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    server.close();
                    throw new IllegalStateException("the server did not answer on " + readyPath + ": " + String.join(" ", args), notYet);
                }
                Thread.sleep(5);
            }
        }
    }

    /** A port nothing listens on now, and (for the app's second origin) nor on the next one. */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket next = new ServerSocket(port + 1)) {
                        return port;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
