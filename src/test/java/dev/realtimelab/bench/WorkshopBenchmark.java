package dev.realtimelab.bench;

import dev.realtimelab.App;
import dev.realtimelab.TestApp;
import dev.realtimelab.security.SecuritySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
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
 * A workshop of N simulated attendees (300 unless told: {@code -Dexec.args="300 20"} for
 * attendees and moves). Each follows the room on an event stream (one selector thread for all,
 * see {@link RawSubscribers}); the instructor moves M times; then a poll is launched and every
 * attendee answers on its WebSocket. Prints: the time from the instructor's move to the last
 * attendee's event (p50, p99, max), events lost, the poll tally latency (from the last vote
 * sent to the instructor's tally event counting every vote) and heap per attendee (the
 * server's follow stream plus this generator's buffers, as both share the JVM).
 * A benchmark, not a test: it prints figures and fails on nothing.
 */
public final class WorkshopBenchmark {
    public static void main(String[] args) throws Exception {
        int attendees = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int moves = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        SecuritySettings security = SecuritySettings.defaults().withSocketCaps(4 * attendees + 64, 4 * attendees + 64);
        App app = App.start(new App.Options(TestApp.ROOT, "127.0.0.1", 0, false, security).withWorkshop(true));
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
            List<String> sections = List.of("", "what-a-room-is", "try-it", "the-fan-out-hub", "what-members-receive");
            long[] latencies = new long[moves];
            long lost = 0;
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
                Thread.sleep(50);
            }
            Arrays.sort(latencies);

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
        } finally {
            app.stop();
        }
        System.exit(0);
    }

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
