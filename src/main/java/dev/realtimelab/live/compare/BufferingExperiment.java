package dev.realtimelab.live.compare;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffering proxy in front of an event stream: the app publishes {@link #EVENTS} events into a
 * room, one every {@link #INTERVAL}, on the ticker; two readers take the room's stream, one
 * through a relay that buffers like a default nginx and ignores {@code X-Accel-Buffering}, the
 * other through the same relay honouring it (the app sends {@code X-Accel-Buffering: no} and
 * flushes every event). Reports when each event was published and when each reader got it.
 */
final class BufferingExperiment {
    static final int EVENTS = 22;
    static final Duration INTERVAL = Duration.ofMillis(100);
    /** nginx buffers 4 or 8 KiB by default (proxy_buffer_size); smaller here, so a run takes two seconds. */
    static final int BUFFER_BYTES = 1024;
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);
    /** Each message's text: enough that a buffer holds a handful of events. */
    static final int TEXT_BYTES = 80;

    private final int appPort;
    private final Hub hub;
    private final Ticker ticker;

    BufferingExperiment(int appPort, Hub hub, Ticker ticker) {
        this.appPort = appPort;
        this.hub = hub;
        this.ticker = ticker;
    }

    /** One reader's arrivals: the event's sequence number to the time it arrived, in ns. */
    private static final class Reader {
        final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        final CountDownLatch done = new CountDownLatch(1);
        InputStream body;

        void read(InputStream stream) {
            body = stream;
            Thread thread = new Thread(() -> {
                WireExperiment.readEvents(stream, block -> {
                    long now = System.nanoTime();
                    if (block.startsWith("id: ") && block.contains("\nevent: message\n")) {
                        arrivals.put(Long.parseLong(block.substring(4, block.indexOf('\n'))), now);
                    }
                });
                done.countDown();
            }, "buffering-reader");
            thread.setDaemon(true);
            thread.start();
        }
    }

    Map<String, Object> run() throws IOException, InterruptedException {
        String room = "buffer-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        try (RecordingRelay buffering = new RecordingRelay(appPort, new RecordingRelay.Buffering(BUFFER_BYTES, false));
             RecordingRelay honouring = new RecordingRelay(appPort, new RecordingRelay.Buffering(BUFFER_BYTES, true))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(STEP_TIMEOUT).build();
            Reader buffered = new Reader();
            Reader oneByOne = new Reader();
            try {
                buffered.read(open(http, buffering, room, "behind-buffer"));
                oneByOne.read(open(http, honouring, room, "behind-fixed"));
                long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
                while (hub.members(room) < 2) { // both streams joined: nothing published is missed
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the two event streams did not join the room");
                    }
                    Thread.sleep(10);
                }
                Map<Long, Long> published = publishAll(room);
                Thread.sleep(INTERVAL.toMillis() * 3);
                long heldUntil = System.nanoTime();
                // The app ends the responses: a buffering proxy sends what it still held.
                buffering.connections().forEach(RecordingRelay.Connection::endResponse);
                honouring.connections().forEach(RecordingRelay.Connection::endResponse);
                buffered.done.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                oneByOne.done.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return result(published, buffered, oneByOne, heldUntil);
            } finally {
                closeQuietly(buffered.body);
                closeQuietly(oneByOne.body);
            }
        } finally {
            CompareExperiments.noticeClosedStreams(hub, room);
        }
    }

    private static InputStream open(HttpClient http, RecordingRelay relay, String room, String name)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.port()
                        + "/sse/room/" + room + "?presence=off&name=" + name)).header("Accept", "text/event-stream")
                .timeout(STEP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("the event stream answered " + response.statusCode());
        }
        return response.body();
    }

    /** Publishes the events on the ticker, one per interval; returns each one's sequence number and time. */
    private Map<Long, Long> publishAll(String room) throws IOException, InterruptedException {
        Map<Long, Long> published = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        String padding = ".".repeat(TEXT_BYTES - 9);
        Ticker.Task[] task = new Ticker.Task[1];
        task[0] = ticker.every(Duration.ZERO, INTERVAL, () -> {
            int n = count.incrementAndGet();
            if (n > EVENTS) {
                task[0].cancel();
                finished.countDown();
                return;
            }
            long now = System.nanoTime();
            long seq = hub.publish(room, "source", String.format("event %02d%s", n, padding)).seq();
            if (seq > 0) {
                published.put(seq, now);
            }
        });
        if (!finished.await(INTERVAL.toMillis() * EVENTS + STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            task[0].cancel();
            throw new IOException("the events were not all published in time");
        }
        return published;
    }

    private static Map<String, Object> result(Map<Long, Long> published, Reader buffered, Reader oneByOne, long heldUntil) {
        long start = published.values().stream().min(Long::compare).orElse(System.nanoTime());
        List<Map<String, Object>> events = new ArrayList<>();
        published.keySet().stream().sorted().forEach(seq -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seq", seq);
            row.put("published", millis(published.get(seq) - start));
            row.put("buffered", buffered.arrivals.containsKey(seq) ? millis(buffered.arrivals.get(seq) - start) : null);
            row.put("oneByOne", oneByOne.arrivals.containsKey(seq) ? millis(oneByOne.arrivals.get(seq) - start) : null);
            events.add(row);
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("intervalMillis", INTERVAL.toMillis());
        result.put("bufferBytes", BUFFER_BYTES);
        result.put("responseEndedAt", millis(heldUntil - start));
        result.put("events", events);
        return result;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    private static void closeQuietly(InputStream in) {
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
