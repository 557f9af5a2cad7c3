package dev.realtimelab.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Load generator for the room endpoints. A figure printer, not a test: it never fails on a time.
 *
 * <p>Run from the project folder (exec:exec, because the POM fixes exec:java's main class to the app):
 * <pre>mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test -Dexec.args="-cp %classpath dev.realtimelab.bench.LoadBenchmark"</pre>
 * System properties go into {@code exec.args} before {@code -cp}.
 *
 * <p>By default it starts the app in a child JVM (so the server's heap can be measured alone,
 * with {@code jcmd}) and drives it from this one. The subscribers are {@link RawSubscribers}:
 * plain sockets on one selector thread, so that the generator costs the machine far less than
 * the server it measures. Options, as system properties:
 * {@code -Dbench.url=http://localhost:7070} (use a running server instead; memory is then
 * measured only with {@code -Dbench.pid=PID}), {@code -Dbench.ws=1000}, {@code -Dbench.sse=1000},
 * {@code -Dbench.seconds=20}, {@code -Dbench.intervalMs=20}, {@code -Dbench.bytes=64} (payload),
 * {@code -Dbench.warmUpSeconds=10} (the same traffic first, not counted, while the JIT compiles the hot paths),
 * {@code -Dbench.serverJvm="-XX:+UseParallelGC"} (options for the server's JVM besides -Xmx1g; that
 * one is the default, an empty value leaves the JVM's own default collector, G1).
 *
 * <p>It prints: the WebSocket round trip ({@code /ws/echo}, or through a room with one member
 * where the server has no echo endpoint); then, with N WebSocket and M SSE subscribers in one
 * room and one message every interval: end-to-end delivery latency (publisher's send to
 * subscriber's receipt, both in this JVM, so one clock), deliveries per second, messages lost,
 * and the server's heap per open connection after a full GC.
 *
 * <p>With {@code -Dbench.redis=redis://127.0.0.1:6379} it starts two servers on that Redis
 * instead of one, and splits the subscribers between them (even ones on the first, odd ones on
 * the second); the publisher is on the first. Run it once without and once with it: the
 * difference in latency is what the broker adds (one Lua script, one pub/sub hop).
 */
public final class LoadBenchmark {
    /** Where a benchmark message's index starts: the payload is "b:INDEX:padding". */
    private static final byte[] TEXT_MARK = "\"text\":\"b:".getBytes(StandardCharsets.US_ASCII);

    private final int webSockets = Integer.getInteger("bench.ws", 1000);
    private final int streams = Integer.getInteger("bench.sse", 1000);
    private final int seconds = Integer.getInteger("bench.seconds", 20);
    private final int intervalMs = Integer.getInteger("bench.intervalMs", 20);
    private final int payloadBytes = Integer.getInteger("bench.bytes", 64);
    private final int warmUpSeconds = Integer.getInteger("bench.warmUpSeconds", 10);
    /**
     * Options for the server's JVM besides -Xmx1g. The parallel collector by default: at 100,000
     * deliveries a second, G1's bookkeeping (every write has Jetty store a new object into a
     * long-lived one) cost the server about 15% of a core more, and p99 sat at the 50 ms
     * target instead of well under it. -Dbench.serverJvm= (empty) runs the JVM's default, G1.
     */
    private final List<String> serverJvmOptions = Stream.concat(Stream.of("-Xmx1g"),
            Stream.of(System.getProperty("bench.serverJvm", "-XX:+UseParallelGC").trim().split("\\s+"))
                    .filter(option -> !option.isEmpty())).toList();
    private final String room = "bench-" + Long.toHexString(System.nanoTime() & 0xffffff);

    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2, daemon("bench-client"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(clientThreads)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final String redis = System.getProperty("bench.redis");
    private String base;
    /** The second instance when {@link #redis} is set, else the same as {@link #base}. */
    private String secondBase;
    private BenchServer secondServer;
    private RawSubscribers secondSubscribers;
    private BenchServer server;
    private long serverPid = Long.getLong("bench.pid", -1);
    private WebSocket publisher;
    private RawSubscribers subscribers;
    private Long heapAfterWs;

    private int messages;
    private long[] publishedAt;
    private long[] latencies;
    /** The slowest delivery of each message, to see when in the run the slow ones happened. */
    private java.util.concurrent.atomic.AtomicLongArray worstPerMessage;
    private final AtomicInteger latencyCount = new AtomicInteger();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong lastDeliveryAt = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final List<Receiver> receivers = new ArrayList<>();
    /** How connections ended during the run, e.g. "WebSocket 1008 too slow: ..." -> count. */
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> endings = new java.util.concurrent.ConcurrentHashMap<>();

    private void ended(String how) {
        endings.computeIfAbsent(how.replaceAll("\\d+ messages", "N messages"), k -> new AtomicInteger()).incrementAndGet();
    }

    public static void main(String[] args) throws Exception {
        LoadBenchmark bench = new LoadBenchmark();
        try {
            bench.run();
        } finally {
            bench.stopServer();
        }
        System.exit(0); // the HttpClient's selector threads are not daemons
    }

    private void run() throws Exception {
        checkFileLimit();
        startOrFindServer();
        System.out.printf(Locale.ROOT, "server %s%s%s, client JDK %s, %d cores%n", base,
                redis == null ? "" : " and " + secondBase + " on Redis " + redis,
                server == null ? "" : " (JVM options: " + String.join(" ", serverJvmOptions) + ")",
                Runtime.version(), Runtime.getRuntime().availableProcessors());

        roundTrip();

        messages = seconds * 1000 / intervalMs;
        publishedAt = new long[messages];
        latencies = new long[messages * (webSockets + streams)];
        worstPerMessage = new java.util.concurrent.atomic.AtomicLongArray(messages);

        Long heapBefore = serverHeap();
        openSubscribers();
        awaitMembers(webSockets + streams);
        Long heapAfterSse = serverHeap();

        warmUp();
        long[] serverCpuBefore = cpuTicks(serverPid);
        long[] clientCpuBefore = cpuTicks(ProcessHandle.current().pid());
        long wallBefore = System.nanoTime();
        publish();
        awaitDeliveries();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        report(heapBefore, heapAfterWs, heapAfterSse);
        System.out.printf(Locale.ROOT, "  (publishing plus delivering took %.1f s)%n", wall);
        if (serverCpuBefore != null && clientCpuBefore != null) {
            System.out.printf(Locale.ROOT, "  CPU while publishing, in %% of one core (the machine has %d): server %s, this client %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    cpuShare(serverCpuBefore, cpuTicks(serverPid), wall),
                    cpuShare(clientCpuBefore, cpuTicks(ProcessHandle.current().pid()), wall));
        }

        publisher.abort();
        subscribers.close();
        if (secondSubscribers != null && secondSubscribers != subscribers) {
            secondSubscribers.close();
        }
    }

    // ---------------------------------------------------------------- server

    private void startOrFindServer() throws Exception {
        String url = System.getProperty("bench.url");
        if (url != null) {
            base = url.replaceAll("/+$", "");
            secondBase = base;
            return;
        }
        server = startServer("");
        serverPid = server.pid();
        base = server.base();
        secondBase = base;
        if (redis != null) {
            secondServer = startServer("second ");
            secondBase = secondServer.base();
        }
    }

    private BenchServer startServer(String label) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(serverJvmOptions);
        command.addAll(List.of("-cp", classPath(), "dev.realtimelab.Main", "--port", "{port}",
                // every benchmark client connects from 127.0.0.1: lift the per-address cap for them
                "--max-sockets", "8192", "--max-sockets-per-address", "8192"));
        if (redis != null) {
            command.addAll(List.of("--redis", redis));
        }
        return BenchServer.start(command, "/api/rooms", Duration.ofSeconds(60), line -> {
            if (!line.contains("lesson problem")) {
                System.out.println("  [" + label + "server] " + line);
            }
        });
    }

    /** The project's classpath, also under exec:java, where it lives in the context class loader. */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(new File(url.toURI()).getPath());
                } catch (Exception e) {
                    entries.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private void stopServer() throws InterruptedException {
        if (secondServer != null) {
            secondServer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The server's used heap after a full GC, in bytes, or null when there is no server pid. */
    private Long serverHeap() throws Exception {
        if (serverPid < 0) {
            return null;
        }
        Thread.sleep(500);
        jcmd("GC.run");
        Thread.sleep(500);
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        // G1 prints one line for the whole heap; the parallel collector one per generation.
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        long bytes = 0;
        boolean found = false;
        while (used.find()) {
            bytes += Long.parseLong(used.group(2)) * 1024;
            found = true;
        }
        if (!found) {
            System.out.println("  (could not read the heap: " + info.strip() + ")");
            return null;
        }
        return bytes;
    }

    /** User and system CPU time of a process in clock ticks (1/100 s on Linux), null where unknown. */
    private static long[] cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** "130% (user 70%, kernel 60%)": the kernel part is mostly the TCP work of each write and read. */
    private static String cpuShare(long[] before, long[] after, double seconds) {
        if (after == null) {
            return "unknown";
        }
        double user = (after[0] - before[0]) / seconds;
        double kernel = (after[1] - before[1]) / seconds;
        return String.format(Locale.ROOT, "%.0f%% (user %.0f%%, kernel %.0f%%)", user + kernel, user, kernel);
    }

    private String jcmd(String what) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(serverPid), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static void checkFileLimit() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "ulimit -n").start();
            String limit = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int needed = 2 * (Integer.getInteger("bench.ws", 1000) + Integer.getInteger("bench.sse", 1000)) + 200;
            if (!limit.equals("unlimited") && Integer.parseInt(limit) < needed) {
                System.out.println("warning: ulimit -n is " + limit + "; this run needs about " + needed
                        + " file descriptors (raise it with ulimit -n " + needed + ")");
            }
        } catch (IOException | NumberFormatException e) {
            // no shell: carry on
        }
    }

    // ---------------------------------------------------------------- round trip

    private void roundTrip() throws Exception {
        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    replies.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        String via = "/ws/echo";
        WebSocket socket;
        try {
            socket = connect(via, listener).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException)) {
                throw e;
            }
            via = "/ws/room/" + room + "-rtt?presence=off (no /ws/echo on this server: a room with one member)";
            socket = connect("/ws/room/" + room + "-rtt?presence=off", listener).join();
        }
        long[] times = new long[1000];
        for (int i = -200; i < times.length; i++) {
            String text = "rt:" + i;
            long start = System.nanoTime();
            socket.sendText(text, true).join();
            while (true) {
                String reply = replies.poll(10, TimeUnit.SECONDS);
                if (reply == null) {
                    throw new IllegalStateException("no reply to " + text + " from " + via);
                }
                if (reply.contains(text)) {
                    break;
                }
            }
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
            // The app closes a socket that sends over 100 messages a second (1013): stay under it.
            Thread.sleep(12);
        }
        socket.abort();
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%nWebSocket round trip via %s%n  1000 sequential messages (about 80 a second) after 200 warm-up: p50 %s, p99 %s, max %s%n",
                via, millis(times[499]), millis(times[989]), millis(times[999]));
    }

    private CompletableFuture<WebSocket> connect(String path, WebSocket.Listener listener) {
        return http.newWebSocketBuilder()
                .header("Origin", base)
                .connectTimeout(Duration.ofSeconds(20))
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + path), listener);
    }

    // ---------------------------------------------------------------- subscribers

    /** What one subscriber received: which messages (so repeats and losses show) and in what order. */
    private final class Receiver implements RawSubscribers.Sink {
        final boolean webSocket;
        final BitSet seen = new BitSet();
        int last = -1;

        Receiver(boolean webSocket) {
            this.webSocket = webSocket;
        }

        /** Called on the subscribers' one thread with a message's JSON. */
        @Override
        public void received(byte[] json, int from, int to) {
            long now = System.nanoTime();
            int at = indexOf(json, from, to, TEXT_MARK);
            if (at < 0) {
                return; // presence or a notice
            }
            int index = 0;
            for (int i = at + TEXT_MARK.length; json[i] != ':'; i++) {
                index = index * 10 + (json[i] - '0');
            }
            if (index <= last) {
                outOfOrder.incrementAndGet();
            }
            last = Math.max(last, index);
            seen.set(index);
            long latency = now - publishedAt[index];
            int slot = latencyCount.getAndIncrement();
            if (slot < latencies.length) {
                latencies[slot] = latency;
            }
            worstPerMessage.accumulateAndGet(index, latency, Math::max);
            deliveries.incrementAndGet();
            lastDeliveryAt.set(now);
        }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] mark) {
        outer:
        for (int i = from; i <= to - mark.length; i++) {
            for (int j = 0; j < mark.length; j++) {
                if (bytes[i + j] != mark[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void openSubscribers() throws Exception {
        subscribers = new RawSubscribers(base, this::ended);
        secondSubscribers = secondBase.equals(base) ? subscribers : new RawSubscribers(secondBase, this::ended);
        open("WebSockets", webSockets, i -> {
            Receiver receiver = new Receiver(true);
            receivers.add(receiver);
            return (i % 2 == 0 ? subscribers : secondSubscribers).webSocket("/ws/room/" + room + "?presence=off&name=ws" + i, receiver);
        });
        heapAfterWs = serverHeap();
        open("event streams", streams, i -> {
            Receiver receiver = new Receiver(false);
            receivers.add(receiver);
            return (i % 2 == 0 ? subscribers : secondSubscribers).eventStream("/sse/room/" + room + "?presence=off&name=sse" + i, receiver);
        });
    }

    /** Opens {@code count} connections, at most 64 handshakes at a time. */
    private void open(String what, int count, java.util.function.IntFunction<CompletableFuture<Void>> opener) throws Exception {
        long start = System.nanoTime();
        Semaphore handshakes = new Semaphore(64);
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            handshakes.acquire();
            opening.add(opener.apply(i).whenComplete((ignored, error) -> handshakes.release()));
        }
        for (CompletableFuture<Void> f : opening) {
            f.get(60, TimeUnit.SECONDS);
        }
        System.out.printf(Locale.ROOT, "opened %d %s in %.1f s%n", count, what, (System.nanoTime() - start) / 1e9);
    }

    private void awaitMembers(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String stats = "";
        while (System.currentTimeMillis() < deadline) {
            // Members on this instance each: the two instances' counts add up to the room's.
            int members = 0;
            stats = "";
            for (String instance : secondBase.equals(base) ? List.of(base) : List.of(base, secondBase)) {
                String answer = http.send(HttpRequest.newBuilder(URI.create(instance + "/api/rooms")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                stats += answer;
                Matcher m = Pattern.compile("\"members\":(\\d+)").matcher(answer);
                members += m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
            if (members >= expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("expected " + expected + " members, the server says " + stats);
    }

    // ---------------------------------------------------------------- traffic

    private void warmUp() throws Exception {
        int warmUp = warmUpSeconds * 1000 / intervalMs;
        String lastWarmUp = "\"text\":\"w:" + (warmUp - 1) + ":";
        CompletableFuture<Void> warmedUp = new CompletableFuture<>();
        publisher = connect("/ws/room/" + room + "?presence=off&name=publisher", new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.request(Long.MAX_VALUE);
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                // The publisher joined last, so the fan-out reaches it last: once it hears its
                // final warm-up message, every member has been handed all of them.
                if (data.toString().contains(lastWarmUp)) {
                    warmedUp.complete(null);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                ended("publisher closed: " + code + " " + reason);
                return null;
            }
        }).get(20, TimeUnit.SECONDS);
        // Warm-up: the same traffic, not counted ("w:" does not match what receivers count),
        // so the figures are of a server whose hot paths the JIT has already compiled.
        System.out.printf(Locale.ROOT, "warming up for %d s...%n", warmUpSeconds);
        String padding = "x".repeat(Math.max(0, payloadBytes - 12));
        for (int i = 0; i < warmUp; i++) {
            publisher.sendText("w:" + i + ":" + padding, true).join();
            Thread.sleep(intervalMs);
        }
        if (warmUp > 0) {
            warmedUp.get(120, TimeUnit.SECONDS);
        }
        Thread.sleep(2000); // let the last writes of the warm-up drain
    }

    private void publish() throws Exception {
        String padding = "x".repeat(Math.max(0, payloadBytes - 12));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("bench-publisher"));
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        System.out.printf(Locale.ROOT, "publishing %d messages of about %d bytes, one every %d ms, to %d subscribers...%n",
                messages, payloadBytes, intervalMs, webSockets + streams);
        clock.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= messages) {
                done.complete(null);
                return;
            }
            publishedAt[i] = System.nanoTime();
            publisher.sendText("b:" + i + ":" + padding, true).join();
        }, 0, intervalMs, TimeUnit.MILLISECONDS);
        done.get(seconds * 3L + 60, TimeUnit.SECONDS);
        clock.shutdownNow();
        // The publisher is closed after the deliveries: frames still on their way must not be cut.
    }


    private void awaitDeliveries() throws InterruptedException {
        long expected = (long) messages * (webSockets + streams);
        long previous = -1;
        long stalledSince = System.nanoTime();
        while (deliveries.get() < expected) {
            long now = deliveries.get();
            if (now != previous) {
                previous = now;
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(5)) {
                break; // nothing more is coming
            }
            Thread.sleep(100);
        }
    }

    private void report(Long heapBefore, Long heapAfterWs, Long heapAfterSse) {
        int subscribers = webSockets + streams;
        long expected = (long) messages * subscribers;
        long received = receivers.stream().mapToLong(r -> r.seen.cardinality()).sum();
        int count = Math.min(latencyCount.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double elapsed = (lastDeliveryAt.get() - publishedAt[0]) / 1e9;

        System.out.printf(Locale.ROOT, "%n%d WebSocket + %d SSE subscribers in one room, a message every %d ms for %d s%n",
                webSockets, streams, intervalMs, seconds);
        if (count > 0) {
            System.out.printf(Locale.ROOT, "  delivery latency (publisher send -> subscriber receipt): p50 %s, p99 %s, p99.9 %s, max %s%n",
                    millis(sorted[count / 2]), millis(sorted[(int) (count * 0.99)]),
                    millis(sorted[(int) (count * 0.999)]), millis(sorted[count - 1]));
        }
        System.out.printf(Locale.ROOT, "  deliveries: %d of %d in %.1f s = %.0f per second%n",
                received, expected, elapsed, received / elapsed);
        System.out.printf(Locale.ROOT, "  messages lost: %d (WebSocket %d, SSE %d), repeated or out of order: %d%n",
                expected - received, lost(true), lost(false), outOfOrder.get() + (deliveries.get() - received));
        StringBuilder perSecond = new StringBuilder();
        int perSecondMessages = 1000 / intervalMs;
        for (int from = 0; from < messages; from += perSecondMessages) {
            long worst = 0;
            for (int i = from; i < Math.min(messages, from + perSecondMessages); i++) {
                worst = Math.max(worst, worstPerMessage.get(i));
            }
            perSecond.append(String.format(Locale.ROOT, " %.0f", worst / 1e6));
        }
        System.out.println("  slowest delivery in each second of publishing, ms:" + perSecond);
        StringBuilder lateness = new StringBuilder();
        for (int from = 0; from < messages; from += perSecondMessages) {
            long worst = 0;
            for (int i = Math.max(1, from); i < Math.min(messages, from + perSecondMessages); i++) {
                worst = Math.max(worst, publishedAt[i] - publishedAt[0] - (long) i * intervalMs * 1_000_000);
            }
            lateness.append(String.format(Locale.ROOT, " %.0f", worst / 1e6));
        }
        System.out.println("  how late the publisher sent, worst in each second, ms:" + lateness);
        endings.forEach((how, n) -> System.out.printf(Locale.ROOT, "  %d x %s%n", n.get(), how));
        if (heapBefore != null && heapAfterWs != null && heapAfterSse != null) {
            System.out.printf(Locale.ROOT, "  server heap per open connection (after full GC): WebSocket %s, SSE %s, both %s%n",
                    kib((heapAfterWs - heapBefore) / Math.max(1, webSockets)),
                    kib((heapAfterSse - heapAfterWs) / Math.max(1, streams)),
                    kib((heapAfterSse - heapBefore) / Math.max(1, subscribers)));
        } else {
            System.out.println("  server heap: not measured (give -Dbench.pid=PID of the server)");
        }
    }

    private long lost(boolean webSocket) {
        return receivers.stream().filter(r -> r.webSocket == webSocket).mapToLong(r -> messages - r.seen.cardinality()).sum();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /**
     * Bytes per connection; below zero the rest of the heap moved by more than the connections
     * added (a few hundred KiB between two full collections), which a small count cannot outweigh.
     */
    private static String kib(long bytes) {
        return bytes < 0 ? "too few connections to measure" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static {
        // The JDK client keeps one connection per open event stream; don't cap the pool below that.
        System.setProperty("jdk.httpclient.connectionPoolSize", "0");
    }
}
