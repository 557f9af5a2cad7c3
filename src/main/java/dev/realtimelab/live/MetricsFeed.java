package dev.realtimelab.live;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;

/**
 * {@code GET /sse/metrics}: lesson 08's monitoring dashboard, the app's own figures once a second
 * as a {@code metrics} event (heap, threads, CPU, rooms and their members, open dashboards). One
 * source publishes into one hub room and every open dashboard is a member of it, as with the
 * clock: a room nobody is in keeps nothing, so with no dashboard open nothing is measured.
 * Figures from a moment ago are worth nothing later, so there is no resume either.
 */
public final class MetricsFeed implements AutoCloseable {
    static final String ROOM = "feed:metrics";
    static final int MAX_DASHBOARDS = 64;
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final Ticker ticker;
    private final Hub hub;
    private final EventStreams streams;
    private final long startedAt;
    private final Ticker.Task task;

    public MetricsFeed(Ticker ticker, Hub hub, EventStreams streams) {
        this.ticker = ticker;
        this.hub = hub;
        this.streams = streams;
        this.startedAt = ticker.millis();
        this.task = ticker.every(PERIOD, this::measure);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/sse/metrics", this::subscribe);
    }

    private void subscribe(Context ctx) {
        if (hub.members(ROOM) >= MAX_DASHBOARDS || !hub.hasRoomFor(ROOM)) {
            ctx.status(503).result("Too many dashboards are open on this server; try again later.");
            return;
        }
        EventStreamSubscriber member = streams.member(ctx, hub, ROOM, "dashboard", false);
        EventStream stream = member.stream();
        stream.retry(3000);
        try {
            hub.join(ROOM, member, -1);
        } catch (Hub.RoomsFullException e) {
            stream.close();
        }
    }

    /** One reading into the room, when somebody is there to see it (publish keeps nothing otherwise). */
    private void measure() {
        if (hub.members(ROOM) == 0) {
            return;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuLoad(); // 0..1 of the whole machine, or negative when not known yet
        }
        String json = Json.object(
                "at", ticker.millis(),
                "uptimeSeconds", (ticker.millis() - startedAt) / 1000,
                "heapUsedBytes", heap.getUsed(),
                "heapMaxBytes", heap.getMax(),
                "threads", ManagementFactory.getThreadMXBean().getThreadCount(),
                "processCpu", cpu < 0 ? null : Math.round(cpu * 1000) / 10.0,
                "chatRooms", hub.roomCount(),
                "chatMembers", hub.memberCount(),
                "dashboards", hub.members(ROOM));
        hub.publish(ROOM, "metrics", seq -> json);
    }

    @Override
    public void close() {
        task.cancel();
    }
}
