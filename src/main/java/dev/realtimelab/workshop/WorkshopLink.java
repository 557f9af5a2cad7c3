package dev.realtimelab.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.grading.ExerciseRoutes;
import dev.realtimelab.grading.ProgressStore;
import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Subscriber;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.shared.AtomicFiles;
import dev.realtimelab.shared.ClientIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The attendee's side of workshop mode, part 2: this copy of the course, run on the attendee's
 * laptop, joins the instructor's workshop and reports, for as long as the attendee lets it, the
 * lesson being read and each exercise's state (not started, failed with the attempts, passed)
 * and the time since it changed: never code, file names or verdict details. The verdicts come
 * from where the lesson page takes them: the verdict feed (a hub room) and the progress store.
 * One outbound WebSocket (java.net.http) carries numbered messages; each waits in an outbox until
 * the workshop acknowledges it, so a network drop only delays them. The local page follows the
 * link's state on an event stream of a hub room of this app.
 */
public final class WorkshopLink implements AutoCloseable {
    static final String LOCAL_ROOM = "feed:workshop-link";
    /** Messages waiting for their acknowledgement: reports are coalesced, so these are hands and questions. */
    static final int MAX_UNSENT = 50;
    private static final long[] BACKOFF_MILLIS = {500, 1000, 2000, 4000, 8000};
    /** How long a sent message may wait for its acknowledgement before the link counts as dead. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final Hub hub;
    private final Ticker ticker;
    private final EventStreams streams;
    private final ProgressStore progress;
    private final Supplier<List<String>> exerciseIds;
    private final java.util.function.Predicate<String> isLesson;
    static final String SAVED_LINK = "workshop-link.json";
    private final java.nio.file.Path savedLink;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "workshop-link");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    private final Hub.Feed local;
    private final Subscriber verdicts = new Subscriber() {
        @Override
        public String name() {
            return "workshop-link";
        }

        @Override
        public boolean wantsPresence() {
            return false;
        }

        @Override
        public Delivery deliver(FeedEvent event) {
            if ("verdict".equals(event.kind())) {
                executor.execute(WorkshopLink.this::report); // the hub only queues: read the store off its thread
            }
            return Delivery.QUEUED;
        }
    };

    // guarded by this
    private String status = "off"; // off, joining, connecting, sharing, reconnecting, stopped
    private String message = "";
    private URI base;
    private String ticket;
    private String name;
    private long nextSeq = 1;
    private final Deque<Map<String, Object>> outbox = new ArrayDeque<>();
    private Map<String, Object> lastReport;
    private String lesson;
    private WebSocket socket;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private int failures;
    private Ticker.Task retry;
    private boolean retryPending;
    private Object room = Map.of();
    private long version;

    /** {@code isLesson}: whether a slug is a lesson of this course (a mistyped address is not "reading"). */
    public WorkshopLink(Hub hub, Ticker ticker, EventStreams streams, ProgressStore progress, Supplier<List<String>> exerciseIds,
            java.util.function.Predicate<String> isLesson) {
        this.isLesson = isLesson;
        this.hub = hub;
        this.ticker = ticker;
        this.streams = streams;
        this.progress = progress;
        this.exerciseIds = exerciseIds;
        this.local = hub.feed(LOCAL_ROOM, 16, 64 * 1024);
        this.savedLink = progress.file().resolveSibling(SAVED_LINK);
        publishState();
        resumeSavedLink();
    }

    // region saved-link
    /**
     * The ticket is kept beside the progress file while sharing, so a restart of this copy goes on
     * as the same attendee (the same row on the dashboard, not a second one). Stopping deletes it.
     */
    private void resumeSavedLink() {
        JsonNode saved;
        try {
            saved = java.nio.file.Files.isRegularFile(savedLink) ? Json.objectOrNull(java.nio.file.Files.readString(savedLink)) : null;
        } catch (IOException e) {
            saved = null;
        }
        if (saved == null || !saved.path("ticket").isTextual() || !saved.path("workshop").isTextual()) {
            return;
        }
        synchronized (this) {
            base = URI.create(saved.path("workshop").asText());
            ticket = saved.path("ticket").asText();
            name = saved.path("name").asText("");
            status = "connecting";
        }
        hub.join(ExerciseRoutes.FEED_ROOM, verdicts, -1);
        executor.execute(this::report);
        connect();
    }

    private void saveLink() {
        String json;
        synchronized (this) {
            json = Json.object("workshop", base.toString(), "ticket", ticket, "name", name);
        }
        try {
            AtomicFiles.replace(savedLink, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            message = "Could not keep the ticket for a restart: " + e.getMessage();
        }
    }
    // endregion

    // region routes
    public void register(JavalinConfig config) {
        config.routes.get("/workshop-link", ctx -> ctx.json(state()));
        config.routes.get("/workshop-link/events", this::events);
        config.routes.post("/workshop-link/join", this::joinRoute);
        config.routes.post("/workshop-link/stop", ctx -> {
            stop("You stopped sharing.");
            ctx.json(state());
        });
        config.routes.post("/workshop-link/hand", ctx -> send(ctx, "hand", "note"));
        config.routes.post("/workshop-link/lower", ctx -> send(ctx, "lower", null));
        config.routes.post("/workshop-link/ask", ctx -> send(ctx, "ask", "text"));
        config.routes.post("/workshop-link/upvote", ctx -> send(ctx, "upvote", "question"));
        // The lesson being read: the lesson page itself was asked for.
        config.routes.before("/lessons/{slug}", ctx -> reading(ctx.pathParam("slug")));
    }
    // endregion

    private void joinRoute(Context ctx) {
        JsonNode body = Json.objectOrNull(ctx.body());
        String error = join(text(body, "url"), text(body, "code"), text(body, "name"));
        if (error != null) {
            ctx.status(400).json(Map.of("error", error));
            return;
        }
        ctx.json(state());
    }

    private void send(Context ctx, String type, String field) {
        JsonNode body = Json.objectOrNull(ctx.body());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        if (field != null) {
            JsonNode value = body == null ? null : body.get(field);
            message.put(field, value == null ? "" : value.isNumber() ? value.asLong() : value.asText());
        }
        if (body != null && body.path("anonymous").asBoolean(false)) {
            message.put("anonymous", true);
        }
        String error = enqueue(message);
        if (error != null) {
            ctx.status(409).json(Map.of("error", error));
            return;
        }
        ctx.json(state());
    }

    // region join
    /**
     * Joins the workshop at {@code url} (its join address, or any address of it) with the code
     * and name. Returns null once joined, or the reason a person reads (a wrong code, say).
     */
    public String join(String url, String code, String displayName) {
        URI workshop;
        try {
            URI given = URI.create(url == null ? "" : url.strip());
            if (!"http".equals(given.getScheme()) && !"https".equals(given.getScheme()) || given.getHost() == null) {
                return "The workshop address starts with http:// (the join address the instructor shows).";
            }
            workshop = URI.create(given.getScheme() + "://" + given.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return "That is not an address: use the join address the instructor shows, like http://192.168.1.20:7070/workshop.";
        }
        synchronized (this) {
            if (ticket != null && workshop.equals(base) && displayName != null && displayName.strip().equals(name)) {
                return null; // already joined there as that name (a restart with the same --join)
            }
        }
        stop("Joined another workshop.");
        synchronized (this) {
            status = "joining";
            message = "";
        }
        publishState();
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(workshop.resolve("/workshop/attend/join")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.object("code", code, "name", displayName))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return failed("Cannot reach the workshop at " + workshop + " (" + e.getClass().getSimpleName()
                    + "): check the address and that you are on the room's network.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted");
        }
        JsonNode body = Json.objectOrNull(answer.body());
        if (answer.statusCode() != 200 || body == null || !body.path("ticket").isTextual()) {
            String reason = body != null && body.path("error").isTextual() ? body.path("error").asText()
                    : "the workshop answered " + answer.statusCode();
            return failed("The workshop refused to join: " + reason);
        }
        synchronized (this) {
            base = workshop;
            ticket = body.path("ticket").asText();
            name = body.path("name").asText();
            nextSeq = 1;
            outbox.clear();
            lastReport = null;
            status = "connecting";
            message = "";
        }
        saveLink();
        hub.join(ExerciseRoutes.FEED_ROOM, verdicts, -1);
        report();
        connect();
        return null;
    }

    private String failed(String reason) {
        synchronized (this) {
            status = ticket == null ? "off" : status;
            message = reason;
        }
        publishState();
        return reason;
    }
    // endregion

    /** Stops sharing: the socket closes and nothing more is sent. The dashboard shows this attendee offline. */
    public void stop(String why) {
        disconnect(true, why, 1000, "stopped sharing");
    }

    /**
     * {@code forget}: the attendee stopped sharing, so the saved ticket goes too; otherwise (the
     * course stopping) it stays, and the next start goes on as the same attendee.
     */
    private void disconnect(boolean forget, String why, int code, String reason) {
        WebSocket open;
        synchronized (this) {
            if (ticket == null) {
                return;
            }
            status = "stopped";
            message = why;
            ticket = null;
            outbox.clear();
            open = socket;
            socket = null;
            if (retry != null) {
                retry.cancel();
            }
            retryPending = false;
        }
        hub.leave(ExerciseRoutes.FEED_ROOM, verdicts, null);
        if (open != null) {
            open.sendClose(code, reason);
        }
        if (forget) {
            try {
                java.nio.file.Files.deleteIfExists(savedLink);
            } catch (IOException e) {
                // a ticket left behind only resumes the link at the next start; it names no file or code
            }
        }
        publishState();
    }

    void reading(String slug) {
        if (!isLesson.test(slug)) {
            return;
        }
        boolean changed;
        synchronized (this) {
            changed = !slug.equals(lesson);
            lesson = slug;
        }
        if (changed) {
            executor.execute(this::report);
        }
    }

    // region report
    /**
     * The whole state, read from the progress store the verdict was just recorded in: per
     * exercise its state, failed attempts and how long ago the state changed (an age, not a
     * time, so the two laptops' clocks need not agree). Only when something changed.
     */
    private void report() {
        Map<String, ProgressStore.Entry> entries = progress.all();
        long now = ticker.millis();
        Map<String, Object> exercises = new LinkedHashMap<>();
        for (String id : exerciseIds.get()) {
            ProgressStore.Entry entry = entries.get(id);
            String state = entry == null ? ProgressStore.Entry.NOT_STARTED : entry.state();
            String since = entry == null ? null : entry.stateSince() != null ? entry.stateSince() : entry.lastVerdictAt();
            long age = since == null ? 0 : Math.max(0, now - Instant.parse(since).toEpochMilli());
            exercises.put(id, Map.of("state", state, "attempts", entry == null ? 0 : entry.failedAttempts(), "age", age,
                    "since", since == null ? "" : since));
        }
        synchronized (this) {
            if (ticket == null) {
                return;
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("type", "report");
            report.put("lesson", lesson);
            report.put("exercises", exercises);
            if (lastReport != null && sameContent(lastReport, report)) {
                return;
            }
            lastReport = report;
            // Reports are whole states: an older one still waiting is replaced, not queued behind.
            outbox.removeIf(m -> "report".equals(m.get("type")));
        }
        enqueue(withoutSince(exercises));
    }

    private static boolean sameContent(Map<String, Object> a, Map<String, Object> b) {
        return String.valueOf(a.get("lesson")).equals(String.valueOf(b.get("lesson")))
                && stripAges(a.get("exercises")).equals(stripAges(b.get("exercises")));
    }

    @SuppressWarnings("unchecked")
    private static Object stripAges(Object exercises) {
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) exercises).forEach((id, e) -> out.put(id, List.of(e.get("state"), e.get("attempts"), e.get("since"))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> withoutSince(Map<String, Object> exercises) {
        Map<String, Object> sent = new LinkedHashMap<>();
        exercises.forEach((id, e) -> {
            Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) e);
            entry.remove("since");
            sent.put(id, entry);
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("type", "report");
        synchronized (this) {
            report.put("lesson", lesson);
        }
        report.put("exercises", sent);
        return report;
    }
    // endregion

    // region outbox
    /** Numbers {@code message} and sends it now if connected; it stays in the outbox until acknowledged. */
    private String enqueue(Map<String, Object> message) {
        synchronized (this) {
            if (ticket == null) {
                return "Not joined to a workshop.";
            }
            if (outbox.size() >= MAX_UNSENT) {
                return "Too many messages are waiting for the workshop; wait until it is reachable again.";
            }
            Map<String, Object> numbered = new LinkedHashMap<>(message);
            numbered.put("seq", nextSeq++);
            outbox.addLast(numbered);
            if (socket != null && "sharing".equals(status)) {
                transmit(socket, numbered);
            }
        }
        publishState();
        return null;
    }

    /** The JDK's WebSocket takes one send at a time: each waits for the one before. Call holding the lock. */
    private void transmit(WebSocket to, Map<String, Object> message) {
        String text = Json.write(message);
        sending = sending.handle((w, e) -> null).thenCompose(ignored -> to.sendText(text, true));
        // A network that drops silently closes nothing: no acknowledgement in time means a dead link.
        long seq = ((Number) message.get("seq")).longValue();
        String bearer = ticket;
        ticker.after(ACK_TIMEOUT, () -> {
            synchronized (this) {
                if (socket != to || outbox.stream().noneMatch(m -> ((Number) m.get("seq")).longValue() == seq)) {
                    return;
                }
            }
            to.abort();
            lost(bearer, to, "No answer from the workshop for " + ACK_TIMEOUT.toSeconds() + " s: reconnecting.");
        });
    }
    // endregion

    // region connect
    private void connect() {
        URI target;
        String bearer;
        synchronized (this) {
            if (ticket == null) {
                return;
            }
            target = URI.create((base.getScheme().equals("https") ? "wss://" : "ws://") + base.getRawAuthority() + "/workshop/attend/socket");
            bearer = ticket;
        }
        http.newWebSocketBuilder().header("Authorization", "Bearer " + bearer).connectTimeout(Duration.ofSeconds(5))
                .buildAsync(target, new Listener(bearer))
                .whenComplete((ws, failure) -> {
                    if (failure != null) {
                        lost(bearer, null, "Cannot reach the workshop: trying again.");
                    }
                });
    }

    /** {@code closing}: the connection that ended (null: none opened); an older one ending changes nothing. */
    private void lost(String bearer, WebSocket closing, String why) {
        long delay;
        synchronized (this) {
            if (ticket == null || !ticket.equals(bearer)) {
                return; // stopped meanwhile, or joined anew
            }
            if (closing != null && socket != null && socket != closing || retryPending) {
                return;
            }
            socket = null;
            status = "reconnecting";
            message = why;
            retryPending = true;
            delay = BACKOFF_MILLIS[Math.min(failures++, BACKOFF_MILLIS.length - 1)];
            retry = ticker.after(Duration.ofMillis(delay), () -> {
                synchronized (this) {
                    retryPending = false;
                }
                connect();
            });
        }
        publishState();
    }


    private final class Listener implements WebSocket.Listener {
        private final String bearer;
        private final StringBuilder partial = new StringBuilder();

        Listener(String bearer) {
            this.bearer = bearer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                received(webSocket, bearer, Json.objectOrNull(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode == Attendance.POLICY) {
                stop("The workshop closed the link: " + reason);
            } else {
                lost(bearer, webSocket, "The workshop connection dropped (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + "); reconnecting.");
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost(bearer, webSocket, "The workshop connection failed (" + error.getClass().getSimpleName() + "); reconnecting.");
        }
    }

    // region resume
    /** welcome: drop what the workshop already has, resend the rest in order; ack: done with one. */
    private void received(WebSocket from, String bearer, JsonNode incoming) {
        if (incoming == null) {
            return;
        }
        synchronized (this) {
            if (ticket == null || !ticket.equals(bearer)) {
                from.sendClose(1000, "stopped sharing");
                return;
            }
            switch (incoming.path("type").asText("")) {
                case "welcome" -> {
                    long stored = incoming.path("lastSeq").asLong(0);
                    if (nextSeq <= stored) {
                        // This copy restarted and numbers from 1 again: what waits is all new to the workshop.
                        nextSeq = stored + 1;
                        outbox.forEach(m -> m.put("seq", nextSeq++));
                    }
                    outbox.removeIf(m -> ((Number) m.get("seq")).longValue() <= stored);
                    socket = from;
                    status = "sharing";
                    message = "";
                    failures = 0;
                    sending = CompletableFuture.completedFuture(null);
                    outbox.forEach(m -> transmit(from, m));
                }
                case "ack" -> {
                    long seq = incoming.path("seq").asLong(0);
                    outbox.removeIf(m -> ((Number) m.get("seq")).longValue() <= seq);
                    if (incoming.path("refused").isTextual()) {
                        message = "The workshop refused: " + incoming.path("refused").asText();
                    }
                }
                case "room" -> room = Json.mapper().convertValue(incoming, Map.class);
                default -> { }
            }
        }
        publishState();
    }
    // endregion
    // endregion

    // region local-page
    /** What the local page shows: whether and where it shares, exactly what, the hand and the questions. */
    public synchronized Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("version", version); // answers to the page's POSTs can arrive after newer events
        state.put("status", status);
        state.put("message", message);
        state.put("workshop", base == null ? null : base.toString());
        state.put("name", name);
        state.put("unsent", outbox.size());
        state.put("shared", lastReport == null ? null : withoutAgesForDisplay(lastReport));
        state.put("room", room);
        return state;
    }

    private static Object withoutAgesForDisplay(Map<String, Object> report) {
        Map<String, Object> shown = new LinkedHashMap<>(report);
        shown.remove("type");
        return shown;
    }

    private void publishState() {
        String json;
        synchronized (this) {
            version++;
            json = Json.write(state());
        }
        local.publish("link", seq -> json);
    }

    private void events(Context ctx) {
        long lastSeen = ClientIds.parseSeq(ctx.header("Last-Event-ID"));
        long newest = local.lastSeq();
        long after = lastSeen >= newest - 1 && lastSeen <= newest ? lastSeen : newest - 1; // whole states: the newest is enough
        EventStreamSubscriber page = streams.member(ctx, hub, LOCAL_ROOM, "workshop-link-page", false, 16);
        page.stream().retry(2_000);
        hub.join(LOCAL_ROOM, page, Math.max(0, after));
    }
    // endregion


    private static String text(JsonNode body, String field) {
        return body == null || !body.path(field).isTextual() ? "" : body.path(field).asText();
    }

    @Override
    public void close() {
        disconnect(false, "The course is stopping.", 1001, "going away");
        local.close();
        executor.shutdownNow();
    }
}
