package dev.realtimelab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * This app and the seed-style Node.js server measured by the same third-party clients, the
 * course's shared harness ({@code ../shared/bench}), in one run, and printed side by side.
 * A figure printer, not a test: it never fails on a time.
 *
 * <pre>mvn -q package -DskipTests && mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.realtimelab.bench.SideBySideBenchmark -Dbench.harness=/path/to/bench</pre>
 *
 * <p>Every run gets a fresh server of either kind; the two kinds take turns, figure by figure,
 * so that a machine that drifts during the run moves both columns alike, and each run waits
 * for the machine to be quiet first. Options, as system properties: {@code -Dbench.harness=DIR}
 * (a writable copy of the harness where {@code npm ci} has been run), {@code -Dbench.repeat=3},
 * {@code -Dbench.figures=echo,ws100,ws1000,sse100,sse1000} (also {@code ws5000}, {@code sse5000}),
 * {@code -Dbench.warmup=10} (uncounted broadcasts before a fan-out is measured, the same for both
 * servers: the harness's default leaves a fresh JVM compiling its hot code while it is measured),
 * {@code -Dbench.serverJvm="..."} (options for the app's JVM; none by default, as {@code java -jar}).
 */
public final class SideBySideBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The figures of the harness's own suite, and two bigger rooms. */
    private static final Map<String, List<String>> FIGURES = new LinkedHashMap<>();

    static {
        FIGURES.put("echo", List.of("echo", "--url", "ws://127.0.0.1:{port}/ws/echo", "--n", "20000", "--size", "32"));
        for (int clients : new int[] {100, 1000, 5000}) {
            FIGURES.put("ws" + clients, List.of("ws-fanout", "--url", "ws://127.0.0.1:{port}/ws/room/bench",
                    "--clients", Integer.toString(clients), "--msgs", "200", "--rate", "50"));
            FIGURES.put("sse" + clients, List.of("sse-fanout", "--skip-check", "--url", "http://127.0.0.1:{port}/sse/room/bench",
                    "--clients", Integer.toString(clients), "--msgs", "200", "--rate", "50"));
        }
    }

    private enum Side { APP, NODE }

    private final Path harness;
    private final Path jar = Path.of("target", "realtime-lab.jar").toAbsolutePath();
    private final List<String> serverJvm;
    private final String warmup = System.getProperty("bench.warmup");
    private final Map<String, Map<Side, List<JsonNode>>> results = new LinkedHashMap<>();

    private SideBySideBenchmark(Path harness, List<String> serverJvm) {
        this.harness = harness;
        this.serverJvm = serverJvm;
    }

    public static void main(String[] args) throws Exception {
        Path harness = Path.of(System.getProperty("bench.harness", "../shared/bench")).toAbsolutePath().normalize();
        if (!Files.isDirectory(harness.resolve("node_modules/ws"))) {
            System.err.println("The harness at " + harness + " has no node_modules: copy ../shared/bench somewhere"
                    + " writable, run `npm ci` there, and pass -Dbench.harness=THAT_FOLDER.");
            System.exit(2);
        }
        String jvm = System.getProperty("bench.serverJvm", "").trim();
        SideBySideBenchmark bench = new SideBySideBenchmark(harness, jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")));
        if (!Files.exists(bench.jar)) {
            System.err.println("build the jar first: mvn -q package -DskipTests");
            System.exit(2);
        }
        int repeat = Integer.getInteger("bench.repeat", 3);
        List<String> figures = List.of(System.getProperty("bench.figures", "echo,ws100,ws1000,sse100,sse1000").split(","));
        for (String figure : figures) {
            if (!FIGURES.containsKey(figure)) {
                System.err.println("unknown figure " + figure + "; known: " + FIGURES.keySet());
                System.exit(2);
            }
        }
        for (int round = 0; round < repeat; round++) {
            for (String figure : figures) {
                // Who goes first alternates, so neither side always runs on the warmer machine.
                List<Side> order = round % 2 == 0 ? List.of(Side.APP, Side.NODE) : List.of(Side.NODE, Side.APP);
                for (Side side : order) {
                    bench.run(figure, side, round + 1, repeat);
                }
            }
        }
        bench.print(repeat);
        System.exit(0);
    }

    private void run(String figure, Side side, int round, int repeat) throws Exception {
        awaitQuietMachine();
        List<String> command = new ArrayList<>();
        if (side == Side.APP) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(serverJvm);
            // Every client is on 127.0.0.1; the closed-loop echo client sends as fast as answers come.
            command.addAll(List.of("-jar", jar.toString(), "--root", Path.of("").toAbsolutePath().toString(),
                    "--port", "{port}", "--max-sockets", "12000", "--max-sockets-per-address", "12000",
                    "--message-rate", "1000000"));
        } else {
            command.addAll(List.of("node", harness.resolve("baseline-node/server.js").toString(), "{port}"));
        }
        try (BenchServer server = BenchServer.start(command, "/", Duration.ofSeconds(60), null)) {
            List<String> harnessCommand = new ArrayList<>(List.of("node", harness.resolve("rtbench.js").toString()));
            for (String arg : FIGURES.get(figure)) {
                harnessCommand.add(arg.replace("{port}", Integer.toString(server.port())));
            }
            harnessCommand.addAll(List.of("--pid", Long.toString(server.pid())));
            if (warmup != null && !figure.equals("echo")) {
                harnessCommand.addAll(List.of("--warmup", warmup));
            }
            ProcessBuilder builder = new ProcessBuilder(harnessCommand).directory(harness.toFile()).redirectErrorStream(true);
            // The app wraps deliveries in JSON and wants an Origin; neither changes the Node server's figures.
            builder.environment().put("RTBENCH_ORIGIN", "auto");
            builder.environment().put("RTBENCH_ENVELOPE", "json");
            Process run = builder.start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(10, TimeUnit.MINUTES)) {
                run.destroyForcibly();
            }
            String[] lines = out.strip().split("\n");
            JsonNode summary = JSON.readTree(lines[lines.length - 1]);
            results.computeIfAbsent(figure, f -> new LinkedHashMap<>()).computeIfAbsent(side, s -> new ArrayList<>()).add(summary);
            System.out.printf(Locale.ROOT, "%s %s run %d/%d: %s%n", figure, side == Side.APP ? "app " : "node", round, repeat, brief(figure, summary));
            if (!summary.path("ok").asBoolean()) {
                // The harness says why in its own lines: show them, they are the result of this run.
                Arrays.stream(lines, Math.max(0, lines.length - 16), lines.length - 1).forEach(line -> System.out.println("    " + line));
            }
        }
    }

    private static String brief(String figure, JsonNode run) {
        if (figure.equals("echo")) {
            return String.format(Locale.ROOT, "ok %s, rtt p50 %.0f us, p99 %.0f us, server CPU %s%%", run.path("ok").asBoolean(),
                    run.path("rtt_us").path("p50").asDouble(), run.path("rtt_us").path("p99").asDouble(), run.path("server_cpu_pct").asText());
        }
        return String.format(Locale.ROOT, "ok %s, p50 %.1f ms, p99 %.1f ms, server %.1f us/delivery, lost %d", run.path("ok").asBoolean(),
                run.path("latency_us").path("p50").asDouble() / 1000, run.path("latency_us").path("p99").asDouble() / 1000,
                run.path("server_us_per_delivery").asDouble(), run.path("lost").asLong());
    }

    private void print(int repeat) {
        System.out.printf(Locale.ROOT, "%nMedians of up to %d runs each (fan-out warm-up: %s broadcasts; app JVM options: %s)%n%n", repeat,
                warmup == null ? "the harness's 10" : warmup, serverJvm.isEmpty() ? "none" : String.join(" ", serverJvm));
        System.out.println("| figure | this app p50 / p99 | Node p50 / p99 | p50 / p99 ratio | server CPU app / Node | CPU ratio | lost app / Node |");
        System.out.println("|---|---|---|---|---|---|---|");
        results.forEach((figure, sides) -> {
            // A failed run has no figures to speak of; it is counted below the table instead.
            List<JsonNode> app = sides.getOrDefault(Side.APP, List.of()).stream().filter(r -> r.path("ok").asBoolean()).toList();
            List<JsonNode> node = sides.getOrDefault(Side.NODE, List.of()).stream().filter(r -> r.path("ok").asBoolean()).toList();
            boolean echo = figure.equals("echo");
            ToDoubleFunction<JsonNode> p50 = echo ? r -> r.path("rtt_us").path("p50").asDouble() : r -> r.path("latency_us").path("p50").asDouble() / 1000;
            ToDoubleFunction<JsonNode> p99 = echo ? r -> r.path("rtt_us").path("p99").asDouble() : r -> r.path("latency_us").path("p99").asDouble() / 1000;
            ToDoubleFunction<JsonNode> cpu = echo ? r -> r.path("server_cpu_pct").asDouble() : r -> r.path("server_us_per_delivery").asDouble();
            String unit = echo ? " us" : " ms";
            String cpuUnit = echo ? " % of a core" : " us/delivery";
            double a50 = median(app, p50), a99 = median(app, p99), n50 = median(node, p50), n99 = median(node, p99);
            double aCpu = median(app, cpu), nCpu = median(node, cpu);
            System.out.printf(Locale.ROOT, "| %s | %s / %s%s | %s / %s%s | %.2fx / %.2fx | %s / %s%s | %.2fx | %d / %d |%n", figure,
                    num(a50), num(a99), unit, num(n50), num(n99), unit, a50 / n50, a99 / n99,
                    num(aCpu), num(nCpu), cpuUnit, aCpu / nCpu, sum(app, "lost"), sum(node, "lost"));
        });
        System.out.println("\nRatios are this app's figure over Node's: below 1 the app does better.");
        long failed = results.values().stream().flatMap(s -> s.values().stream()).flatMap(List::stream)
                .filter(r -> !r.path("ok").asBoolean()).count();
        if (failed > 0) {
            System.out.println(failed + " run(s) reported a failure (loss, disorder, timeout) and are left out of the medians: see the lines above.");
        }
    }

    private static String num(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static double median(List<JsonNode> runs, ToDoubleFunction<JsonNode> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private static long sum(List<JsonNode> runs, String field) {
        return runs.stream().mapToLong(r -> r.path(field).asLong()).sum();
    }

    /**
     * Waits (at most two minutes) until the whole machine has used less than a fifth of one core
     * for three seconds in a row: the harness's own rule, so a leftover process from the last
     * run, or anything else, does not land in the next one.
     */
    private static void awaitQuietMachine() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int quietSeconds = 0;
        long[] before = machineTicks();
        while (quietSeconds < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long[] after = machineTicks();
            double busyCores = (double) (after[0] - before[0]) / Math.max(1, after[1] - before[1])
                    * Runtime.getRuntime().availableProcessors();
            quietSeconds = busyCores < 0.2 ? quietSeconds + 1 : 0;
            before = after;
        }
    }

    /** Busy and total jiffies of all cores, from /proc/stat's first line. */
    private static long[] machineTicks() throws IOException {
        long[] fields = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                .skip(1).mapToLong(Long::parseLong).toArray();
        long total = Arrays.stream(fields).sum();
        long idle = fields[3] + (fields.length > 4 ? fields[4] : 0);
        return new long[] {total - idle, total};
    }
}
