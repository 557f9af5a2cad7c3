package dev.realtimelab.bench;

import dev.realtimelab.App;
import dev.realtimelab.security.AppSecurity;
import dev.realtimelab.security.HostileInputs;
import dev.realtimelab.security.HostileInputs.Answer;
import dev.realtimelab.security.HostileInputs.Input;
import dev.realtimelab.testkit.RawHttp;
import dev.realtimelab.security.SecuritySettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Issue 10's figures, printed (never asserted): the hostile inputs of {@code HostileInputTest},
 * class by class, against the app with its default limits, then how many worker threads a storm
 * of slow uploads adds and how fast they go back. Run with
 * {@code mvn -B -ntp test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.realtimelab.bench.HostileInputReport}.
 */
public final class HostileInputReport {
    private HostileInputReport() {}

    public static void main(String[] args) throws Exception {
        App app = App.start(new App.Options(Path.of("").toAbsolutePath(), "127.0.0.1", 0, false, SecuritySettings.defaults()));
        try {
            int port = app.port();
            AppSecurity security = app.security();
            HostileInputs.exchange("127.0.0.2", port, ("GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            System.gc();
            String before = state(security);
            System.out.println("before: " + before);
            System.out.printf("%-22s %7s %6s  %s%n", "class", "inputs", "5xx", "answers (status: count; -1 = closed without one)");
            report("bad escapes", HostileInputs.badEscapes(port), port);
            report("malformed bodies", HostileInputs.malformedBodies(port), port);
            report("bodies over 64 KiB", HostileInputs.oversizedBodies(port), port);
            report("bad Host headers", HostileInputs.badHosts(port), port);
            frames(port);
            uploadStorm(security, port);
            System.gc();
            System.out.println("after:  " + state(security));
        } finally {
            app.stop();
        }
    }

    private static void report(String name, List<Input> inputs, int port) throws IOException {
        Map<Integer, Integer> statuses = new TreeMap<>();
        int serverErrors = 0;
        for (Input input : inputs) {
            Answer answer = HostileInputs.exchange("127.0.0.2", port, input.bytes(), input.hangUp());
            statuses.merge(answer.status(), 1, Integer::sum);
            serverErrors += answer.status() >= 500 ? 1 : 0;
        }
        System.out.printf("%-22s %7d %6d  %s%n", name, inputs.size(), serverErrors, statuses);
    }

    private static void frames(int port) throws IOException {
        Map<Integer, Integer> codes = new TreeMap<>();
        List<Long> lengths = HostileInputs.oversizedFrameLengths();
        long slowest = 0;
        for (long length : lengths) {
            try (Socket socket = RawHttp.connect("127.0.0.2", port)) {
                socket.getOutputStream().write(RawHttp.handshake(port, "/ws/echo", "http://localhost:" + port)
                        .getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = socket.getInputStream();
                HostileInputs.read(in);
                long start = System.nanoTime();
                socket.getOutputStream().write(RawHttp.frameAnnouncing(0x1, length));
                codes.merge(RawHttp.closeCode(in), 1, Integer::sum);
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
        }
        System.out.printf("%-22s %7d %6s  close codes %s, slowest close %.1f ms after the header%n",
                "oversized frame heads", lengths.size(), "-", codes, slowest / 1e6);
    }

    /** Slow uploads from many addresses hold worker threads; then all end, and the pool shrinks back. */
    private static void uploadStorm(AppSecurity security, int port) throws Exception {
        int idle = security.workerThreads();
        List<Socket> uploads = new ArrayList<>();
        int refused = 0;
        IntFunction<String> address = i -> "127.0.1." + (1 + i / 16); // 16 uploads per address: its cap
        for (int i = 0; i < 240; i++) {
            Socket socket = RawHttp.connect(address.apply(i), port);
            socket.getOutputStream().write(("POST /sse/room/slow HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nContent-Length: 60000\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
            uploads.add(socket);
        }
        Thread.sleep(1000);
        int peak = security.workerThreads();
        for (Socket socket : uploads) {
            socket.setSoTimeout(1);
            try {
                if (socket.getInputStream().read() >= 0) {
                    refused++;
                }
            } catch (IOException stillWaiting) {
                // the server is still reading its body
            }
            socket.close();
        }
        StringBuilder after = new StringBuilder();
        for (int s = 0; s <= 20; s += 5) {
            after.append(s == 0 ? "" : ", ").append(s).append(" s: ").append(security.workerThreads());
            if (s < 20) {
                Thread.sleep(5000);
            }
        }
        System.out.printf("worker threads: %d idle, %d with 240 slow uploads open (%d answered at once), after they end %s"
                + " (at most %d)%n", idle, peak, refused, after, security.settings().workerThreads());
    }

    private static String state(AppSecurity security) {
        Runtime runtime = Runtime.getRuntime();
        long heapMiB = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
        return String.format("JVM threads %d, worker threads %d, TCP connections %d, requests in progress %d, sockets %d, heap used %d MiB",
                ManagementFactory.getThreadMXBean().getThreadCount(), security.workerThreads(), security.openConnections(),
                security.requestsInProgress(), security.openSockets(), heapMiB);
    }
}
