package dev.realtimelab.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints two figures of the course engine (never fails on a time):
 * time from {@code java -jar} to the first lesson served, and the time per lesson page under
 * repeated requests, measured from a client on loopback (an upper bound of the server's time).
 * Run after {@code mvn package}: see the README for the command.
 */
public final class PageBenchmark {
    private static final int STARTS = 5;
    private static final int WARM_UP = 2_000;
    private static final int REQUESTS = 5_000;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("target", "realtime-lab.jar");
        if (!Files.exists(jar)) {
            System.err.println("build the jar first: mvn -q package -DskipTests");
            System.exit(1);
        }
        String lesson = "/lessons/" + firstLessonSlug();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        List<Double> starts = new ArrayList<>();
        BenchServer kept = null;
        for (int i = 0; i < STARTS; i++) {
            long begin = System.nanoTime();
            BenchServer server = BenchServer.start(List.of("java", "-jar", jar.toString(), "--port", "{port}"),
                    lesson, Duration.ofSeconds(30), null);
            starts.add((System.nanoTime() - begin) / 1e6);
            if (i < STARTS - 1) {
                server.close();
            } else {
                kept = server;
            }
        }
        double[] startMillis = starts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("java -jar to first lesson served: median %.0f ms (runs: %s)%n",
                startMillis[startMillis.length / 2], starts.stream().map(s -> String.format("%.0f", s)).toList());

        HttpRequest page = HttpRequest.newBuilder(URI.create(kept.base() + lesson)).build();
        for (int i = 0; i < WARM_UP; i++) {
            http.send(page, HttpResponse.BodyHandlers.discarding());
        }
        double[] micros = new double[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> response = http.send(page, HttpResponse.BodyHandlers.ofByteArray());
            micros[i] = (System.nanoTime() - t) / 1e3;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("lesson page answered " + response.statusCode());
            }
        }
        Arrays.sort(micros);
        System.out.printf("lesson page %s, %d requests after %d warm-up: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms%n",
                lesson, REQUESTS, WARM_UP, micros[REQUESTS / 2] / 1e3, micros[REQUESTS * 9 / 10] / 1e3, micros[REQUESTS * 99 / 100] / 1e3);
        kept.close();
    }

    private static String firstLessonSlug() throws IOException {
        try (var files = Files.list(Path.of("lessons"))) {
            String name = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{2}-.*\\.md")).sorted()
                    .findFirst().orElseThrow();
            return name.substring(3, name.length() - 3);
        }
    }
}
