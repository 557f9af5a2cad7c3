package dev.realtimelab.live.compare;

import dev.realtimelab.live.hub.Json;
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

    private final Semaphore oneRun = new Semaphore(1);

    public void register(JavalinConfig config) {
        config.routes.post(WIRE, this::wire);
    }

    private void wire(Context ctx) {
        if (!oneRun.tryAcquire()) {
            ctx.status(429).json(java.util.Map.of("error", "an experiment is already running; try again in a few seconds"));
            return;
        }
        try {
            String json = Json.write(new WireExperiment(ctx.req().getLocalPort()).run());
            ctx.contentType("application/json").result(json);
        } catch (java.io.IOException e) {
            LOG.info("wire experiment failed: {}", e.getMessage());
            ctx.status(502).contentType("application/json").result(Json.object("error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.status(503).contentType("application/json").result(Json.object("error", "interrupted"));
        } finally {
            oneRun.release();
        }
    }
}
