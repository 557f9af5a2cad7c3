package dev.realtimelab.bench;

import dev.realtimelab.App;
import dev.realtimelab.TestApp;
import dev.realtimelab.security.SecuritySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workshop of N simulated attendees (300 unless told: {@code -Dexec.args="300 20 30"} for
 * attendees, moves and seconds of progress reports). Each follows the room on an event stream (one selector thread for all,
 * see {@link RawSubscribers}); the instructor moves M times; then a poll is launched and every
 * attendee answers on its WebSocket. Prints: the time from the instructor's move to the last
 * attendee's event (p50, p99, max), events lost, the poll tally latency (from the last vote
 * sent to the instructor's tally event counting every vote) and heap per attendee (the
 * server's follow stream plus this generator's buffers, as both share the JVM).
 * Then part 2: every attendee's own copy of the course joins with the join code and holds its
 * report socket; for S seconds each reports a save every 5 to 15 s at random, everyone saves at
 * once halfway (a burst, as after a hint), a question is asked every 6 s (10 a minute), and the
 * instructor goes on moving the room once a second. Prints the time from a report sent to the
 * instructor's dashboard event (p50, p99, max; the local grading before it is not included),
 * the follow latency under that load, reports and acknowledgements lost, the process's CPU time
 * per attendee and the heap per reporting attendee. The workshop runs on a temporary course
 * folder (links to lessons/ and src/), so its workshop.json never lands in the checkout.
 * A benchmark, not a test: it prints figures and fails on nothing.
 */
public final class WorkshopBenchmark {
    public static void main(String[] args) throws Exception {
        int attendees = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int moves = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int reportSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        SecuritySettings security = SecuritySettings.defaults().withSocketCaps(4 * attendees + 64, 4 * attendees + 64)
                .withPerAddress(new SecuritySettings.PerAddress(4 * attendees + 64, 4 * attendees + 64, 16, 64));
        Path course = Files.createTempDirectory("workshop-bench");
        Files.createSymbolicLink(course.resolve("lessons"), TestApp.ROOT.resolve("lessons"));
        Files.createSymbolicLink(course.resolve("src"), TestApp.ROOT.resolve("src"));
        App app = App.start(new App.Options(course, "127.0.0.1", 0, false, security).withWorkshop(true));
        String base = "http://localhost:" + app.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (RawSubscribers subscribers = new RawSubscribers(base, ending -> System.err.println("ended: " + ending))) {
            String login = app.workshop().loginLink();
            String instructor = cookie(http.send(HttpRequest.newBuilder(URI.create(login)).build(), HttpResponse.BodyHandlers.discarding()),
                    "rl_instructor");
            List<String> cookies = new ArrayList<>();
            for (int i = 0; i < attendees; i++) {
                HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create(base + "/workshop/join"))
                        .header("Origin", base).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Attendee " + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                cookies.add(cookie(joined, "rl_attendee"));
            }

            // Follow streams: for each state event (by seq), when it reached each attendee.
            Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();
            Map<Long, AtomicLong> lastArrival = new ConcurrentHashMap<>();
            long heapBefore = usedHeap();
            List<CompletableFuture<Void>> opened = new ArrayList<>();
            for (String cookie : cookies) {
                opened.add(subscribers.eventStream("/workshop/events", "Cookie: " + cookie + "\r\n", (bytes, from, to) -> {
                    long seq = seqOf(bytes, from, to);
                    if (seq > 0) {
                        long now = System.nanoTime();
                        received.computeIfAbsent(seq, s -> new AtomicInteger()).incrementAndGet();
                        lastArrival.computeIfAbsent(seq, s -> new AtomicLong()).accumulateAndGet(now, Math::max);
                    }
                }));
            }
            CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            Thread.sleep(500);
            long heapAfter = usedHeap();

            // The instructor moves; each move's latency is until its event reached the last attendee.
            long[] latencies = new long[moves];
            long lost = moveAndMeasure(http, base, instructor, attendees, received, lastArrival, latencies, 50);

            // A poll: launched, then every attendee votes on its WebSocket; the tally is watched.
            AtomicLong tallyAt = new AtomicLong();
            subscribers.eventStream("/workshop/instructor/events", "Cookie: " + instructor + "\r\n", (bytes, from, to) -> {
                String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
                if (line.contains("\\\"voters\\\":" + attendees + ",") || line.contains("\\\"voters\\\":" + attendees + "}")) {
                    tallyAt.compareAndSet(0, System.nanoTime());
                }
            }).get(10, TimeUnit.SECONDS);
            post(http, base, "/workshop/instructor/poll", instructor, "{\"lesson\":\"rooms\",\"number\":1}");
            int pollId = 1;
            List<WebSocket> sockets = new ArrayList<>();
            for (String cookie : cookies) {
                sockets.add(http.newWebSocketBuilder().header("Origin", base).header("Cookie", cookie)
                        .buildAsync(URI.create("ws://localhost:" + app.port() + "/workshop/socket"), new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS));
            }
            long firstVote = System.nanoTime();
            List<CompletableFuture<WebSocket>> sent = new ArrayList<>();
            for (int i = 0; i < sockets.size(); i++) {
                sent.add(sockets.get(i).sendText("{\"type\":\"vote\",\"poll\":" + pollId + ",\"answer\":" + (i % 4) + "}", true));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            long lastVote = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (tallyAt.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }

            System.out.printf("workshop benchmark: %d attendees following, %d moves, %d votes%n", attendees, moves, attendees);
            System.out.printf("  move -> last attendee's event: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    ms(latencies[moves / 2]), ms(latencies[Math.min(moves - 1, (int) Math.ceil(moves * 0.99) - 1)]), ms(latencies[moves - 1]));
            System.out.printf("  follow events lost: %d of %d%n", lost, (long) attendees * moves);
            System.out.printf("  poll tally: all %d votes counted %s after the last was sent (%s after the first)%n", attendees,
                    tallyAt.get() == 0 ? "never (10 s)" : String.format("%.1f ms", ms(tallyAt.get() - lastVote)),
                    tallyAt.get() == 0 ? "-" : String.format("%.1f ms", ms(tallyAt.get() - firstVote)));
            System.out.printf("  heap per following attendee: %.1f KiB (server stream and generator buffers together)%n",
                    (heapAfter - heapBefore) / 1024.0 / attendees);
            for (WebSocket socket : sockets) {
                socket.abort();
            }
            if (reportSeconds > 0) {
                reports(app, http, base, instructor, subscribers, attendees, reportSeconds, received, lastArrival);
            }
        } finally {
            app.stop();
            try (var files = Files.walk(course)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); // links, not what they point to
            }
        }
        System.exit(0);
    }

    /** Moves the room {@code latencies.length} times; fills the sorted latencies; returns the events lost. */
    private static long moveAndMeasure(HttpClient http, String base, String instructor, int attendees,
            Map<Long, AtomicInteger> received, Map<Long, AtomicLong> lastArrival, long[] latencies, long pauseMillis) throws Exception {
        List<String> sections = List.of("", "what-a-room-is", "try-it", "the-fan-out-hub", "what-members-receive");
        long lost = 0;
        int moves = latencies.length;
        for (int m = 0; m < moves; m++) {
            long seq = received.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            long start = System.nanoTime();
            HttpResponse<String> moved = post(http, base, "/workshop/instructor/move", instructor,
                    "{\"lesson\":\"rooms\",\"section\":\"" + sections.get((m + 1) % sections.size()) + "\"}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long newest;
            do {
                Thread.sleep(2);
                newest = received.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            } while ((received.get(newest) == null || received.get(newest).get() < attendees || newest <= seq)
                    && System.nanoTime() < deadline);
            if (moved.statusCode() != 200) {
                throw new IllegalStateException("move refused: " + moved.body());
            }
            int got = received.get(newest) == null ? 0 : received.get(newest).get();
            lost += attendees - got;
            latencies[m] = lastArrival.get(newest).get() - start;
            Thread.sleep(pauseMillis);
        }
        Arrays.sort(latencies);
        return lost;
    }

    /** One simulated attendee's own copy of the course: its report socket and its numbering. */
    private static final class Reporter implements WebSocket.Listener {
        final int index;
        final AtomicLong seq = new AtomicLong();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger acks = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Reporter(int index) {
            this.index = index;
        }

        /** The JDK's WebSocket takes one send at a time. */
        synchronized void send(String text) {
            sending = sending.handle((r, e) -> null).thenCompose(x -> socket.sendText(text, true));
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (partial.indexOf("\"type\":\"ack\"") >= 0) {
                    acks.incrementAndGet();
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    // region reports
    private static void reports(App app, HttpClient http, String base, String instructor, RawSubscribers subscribers,
            int attendees, int seconds, Map<Long, AtomicInteger> received, Map<Long, AtomicLong> lastArrival) throws Exception {
        String code = app.attendance().joinCode();
        String exercise = null;
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < attendees; i++) {
            HttpResponse<String> joined = http.send(HttpRequest.newBuilder(URI.create(base + "/workshop/attend/join"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"name\":\"Laptop " + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Json.mapper().readTree(joined.body());
            tickets.add(body.path("ticket").asText());
            exercise = body.path("exercises").get(0).asText();
        }
        // The instructor's dashboard: when each (attendee, attempts) report showed there.
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> dashboardLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger seen = new AtomicInteger();
        String watched = exercise;
        subscribers.eventStream("/workshop/instructor/dashboard/events", "Cookie: " + instructor + "\r\n", (bytes, from, to) -> {
            String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            line = line.strip(); // the data line's value, after "data:"
            if (!line.startsWith("{\"attendee\"")) {
                return;
            }
            long now = System.nanoTime();
            try {
                JsonNode row = Json.mapper().readTree(line).path("attendee");
                String name = row.path("name").asText();
                int attempts = row.path("exercises").path(watched).path("attempts").asInt(-1);
                Long sent = name.startsWith("Laptop ") && attempts > 0
                        ? sentAt.remove(Long.parseLong(name.substring(7)) * 1_000_000 + attempts) : null;
                if (sent != null) {
                    dashboardLatencies.add(now - sent);
                    seen.incrementAndGet();
                }
            } catch (Exception e) {
                System.err.println("unreadable dashboard event: " + e);
            }
        }).get(10, TimeUnit.SECONDS);

        long heapBefore = usedHeap();
        List<Reporter> reporters = new ArrayList<>();
        for (int i = 0; i < attendees; i++) {
            Reporter reporter = new Reporter(i);
            reporter.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + tickets.get(i))
                    .buildAsync(URI.create(base.replace("http://", "ws://") + "/workshop/attend/socket"), reporter).get(10, TimeUnit.SECONDS);
            reporters.add(reporter);
        }
        Thread.sleep(500);
        long heapAfter = usedHeap();

        String ex = exercise;
        java.util.function.Consumer<Reporter> save = r -> {
            int attempt = r.attempts.incrementAndGet();
            long seq = r.seq.incrementAndGet();
            sentAt.put(r.index * 1_000_000L + attempt, System.nanoTime());
            r.send("{\"type\":\"report\",\"seq\":" + seq + ",\"lesson\":\"rooms\",\"exercises\":{\"" + ex
                    + "\":{\"state\":\"failed\",\"attempts\":" + attempt + ",\"age\":0}}}");
        };
        java.util.concurrent.ScheduledExecutorService pace = java.util.concurrent.Executors.newScheduledThreadPool(2);
        java.util.Random random = new java.util.Random(12);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (Reporter r : reporters) {
            scheduleSaves(pace, random, r, save, end);
        }
        pace.schedule(() -> reporters.forEach(save), seconds * 500L, TimeUnit.MILLISECONDS); // the burst
        AtomicInteger questions = new AtomicInteger();
        pace.scheduleAtFixedRate(() -> {
            Reporter r = reporters.get(random.nextInt(reporters.size()));
            r.send("{\"type\":\"ask\",\"seq\":" + r.seq.incrementAndGet() + ",\"text\":\"Question " + questions.incrementAndGet() + "?\"}");
        }, 3, 6, TimeUnit.SECONDS);

        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        // Meanwhile the instructor moves the room once a second: follow latency under the reports' load.
        long[] moves = new long[Math.max(1, seconds - 1)];
        long lostFollow = moveAndMeasure(http, base, instructor, attendees, received, lastArrival, moves, 1000);
        while (System.nanoTime() < end) {
            Thread.sleep(100);
        }
        pace.shutdownNow();
        Thread.sleep(3000); // the last reports' acknowledgements and dashboard events
        long cpu = os.getProcessCpuTime() - cpuBefore;
        double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;

        int sent = reporters.stream().mapToInt(r -> r.attempts.get()).sum();
        int asked = questions.get();
        int acked = reporters.stream().mapToInt(r -> r.acks.get()).sum();
        long[] latencies = dashboardLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("workshop part 2: %d attendees' copies reporting for %d s (a save every 5-15 s each, one burst of %d, %d questions)%n",
                attendees, seconds, attendees, asked);
        if (latencies.length > 0) {
            System.out.printf("  report -> instructor's dashboard: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d reports)%n",
                    ms(latencies[latencies.length / 2]), ms(latencies[Math.max(0, (int) Math.ceil(latencies.length * 0.99) - 1)]),
                    ms(latencies[latencies.length - 1]), latencies.length);
        }
        System.out.printf("  move -> last attendee's event, under that load: p50 %.1f ms, p99 %.1f ms, max %.1f ms; lost %d%n",
                ms(moves[moves.length / 2]), ms(moves[Math.max(0, (int) Math.ceil(moves.length * 0.99) - 1)]), ms(moves[moves.length - 1]), lostFollow);
        System.out.printf("  reports lost (sent, never on the dashboard): %d of %d; acknowledgements missing: %d of %d messages%n",
                sent - seen.get(), sent, sent + asked - acked, sent + asked);
        System.out.printf("  CPU (server and generator, one process): %.1f ms per attendee per minute, %.0f%% of one core%n",
                cpu / 1e6 / attendees / (wallSeconds / 60), 100.0 * cpu / 1e9 / wallSeconds);
        System.out.printf("  heap per reporting attendee: %.1f KiB (server socket and generator client together)%n",
                (heapAfter - heapBefore) / 1024.0 / attendees);
        reporters.forEach(r -> r.socket.abort());
    }

    private static void scheduleSaves(java.util.concurrent.ScheduledExecutorService pace, java.util.Random random, Reporter r,
            java.util.function.Consumer<Reporter> save, long end) {
        long delay;
        synchronized (random) {
            delay = 5000 + random.nextInt(10_000);
        }
        pace.schedule(() -> {
            if (System.nanoTime() < end) {
                save.accept(r);
                scheduleSaves(pace, random, r, save, end);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
    // endregion

    private static HttpResponse<String> post(HttpClient http, String base, String path, String cookie, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Origin", base).header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new IllegalStateException("no " + name + " cookie"));
    }

    /** The "seq": number of a data line, or -1. */
    private static long seqOf(byte[] bytes, int from, int to) {
        byte[] key = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + key.length < to; i++) {
            for (int k = 0; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            long seq = 0;
            for (int j = i + key.length; j < to && bytes[j] >= '0' && bytes[j] <= '9'; j++) {
                seq = seq * 10 + (bytes[j] - '0');
            }
            return seq;
        }
        return -1;
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
