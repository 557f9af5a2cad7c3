package dev.realtimelab.live.compare;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live experiments of lesson 08 that open connections on the reader's behalf. They live
 * under /labs/compare/, so RequestGuards lets only loopback clients in, and only POSTs from the
 * app's own pages (an exact Origin, no cross-site Sec-Fetch-Site). One run at a time.
 */
public final class CompareExperiments {
    private static final Logger LOG = LoggerFactory.getLogger(CompareExperiments.class);
    public static final String WIRE = "/labs/compare/wire";
    public static final String BUFFERING = "/labs/compare/buffering";
    public static final String IDLE_COST = "/labs/compare/idle-cost";

    private final Semaphore oneRun = new Semaphore(1);
    private final Hub hub;
    private final Ticker ticker;

    public CompareExperiments(Hub hub, Ticker ticker) {
        this.hub = hub;
        this.ticker = ticker;
    }

    public void register(JavalinConfig config) {
        config.routes.post(WIRE, ctx -> run(ctx, "wire", () -> new WireExperiment(ctx.req().getLocalPort()).run()));
        config.routes.post(BUFFERING, ctx -> run(ctx, "buffering",
                () -> new BufferingExperiment(ctx.req().getLocalPort(), hub, ticker).run()));
        config.routes.post(IDLE_COST, this::idleCost);
    }

    /** {@code ?n=}: connections of each kind, 1 to {@link IdleCostExperiment#MAX_CONNECTIONS}. */
    private void idleCost(Context ctx) {
        long n = dev.realtimelab.shared.ClientIds.parseSeq(ctx.queryParam("n"));
        if (n < 1 || n > IdleCostExperiment.MAX_CONNECTIONS) {
            ctx.status(400).contentType("application/json")
                    .result(Json.object("error", "n= is 1 to " + IdleCostExperiment.MAX_CONNECTIONS + " connections of each kind"));
            return;
        }
        run(ctx, "idle-cost", () -> new IdleCostExperiment(ctx.req().getLocalPort(), hub).run((int) n));
    }

    /**
     * Lets the server notice event streams of {@code room} whose clients have closed: a stream's
     * server only writes, so it learns of a closed client when a write fails. Two events (the
     * first may still be accepted by the closed socket's TCP stack) make every closed stream leave,
     * instead of lingering until the next keep-alive; returns when they have, or after 2 s.
     */
    static void noticeClosedStreams(Hub hub, String room) throws InterruptedException {
        for (int i = 0; i < 40 && hub.members(room) > 0; i++) { // at most 2 s
            if (i < 2) {
                hub.publish(room, "experiment", "closing");
            }
            Thread.sleep(50);
        }
    }

    /** One experiment's run, as the app's own client of itself. */
    private interface Experiment {
        java.util.Map<String, Object> run() throws java.io.IOException, InterruptedException;
    }

    private void run(Context ctx, String name, Experiment experiment) {
        if (!oneRun.tryAcquire()) {
            ctx.status(429).json(java.util.Map.of("error", "an experiment is already running; try again in a few seconds"));
            return;
        }
        try {
            String json = Json.write(experiment.run());
            ctx.contentType("application/json").result(json);
        } catch (java.io.IOException e) {
            LOG.info("{} experiment failed: {}", name, e.getMessage());
            ctx.status(502).contentType("application/json").result(Json.object("error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.status(503).contentType("application/json").result(Json.object("error", "interrupted"));
        } finally {
            oneRun.release();
        }
    }
}
