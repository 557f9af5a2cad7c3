package dev.realtimelab.grading;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.course.Course;
import dev.realtimelab.course.Lesson;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.shared.ClientIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exercises over HTTP: the board's data (its page is in web.Pages), one exercise's state, the
 * live verdict feed ({@code GET /exercises/events}, SSE, a hub room) and the actions (check, hint, solution,
 * reset), which only the course's own pages on this machine may use: security.RequestGuards
 * refuses other machines and other sites' pages before these handlers run.
 */
public final class ExerciseRoutes implements Exercises.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ExerciseRoutes.class);
    /** Progress events and verdicts a page may fall behind before its feed is cut. */
    private static final int FEED_CAPACITY = 256;
    /** The hub room of the verdict feed; the colon keeps it out of reach of the chat endpoints. */
    public static final String FEED_ROOM = "feed:exercises";

    /** One line of the board: an exercise, its lesson and where the learner stands. */
    public record Row(String id, String title, String summary, String lessonTitle, String lessonPath,
                      String state, String stateLabel, String file) {}

    /** The whole board: every exercise and how many are passed. */
    public record Board(long passed, int total, List<Row> exercises) {}

    private final Exercises exercises;
    private final Supplier<Course> course;
    private final Hub hub;
    private final EventStreams streams;
    private final ObjectMapper json = Json.mapper();

    public ExerciseRoutes(Exercises exercises, Supplier<Course> course, Hub hub, EventStreams streams) {
        this.exercises = exercises;
        this.course = course;
        this.hub = hub;
        this.streams = streams;
        exercises.addListener(this);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/exercises.json", ctx -> ctx.json(board()));
        config.routes.get("/exercises/events", this::events);
        config.routes.get("/exercises/{id}/state", this::state);
        config.routes.post("/exercises/{id}/check", this::check);
        config.routes.post("/exercises/{id}/hint", this::hint);
        config.routes.post("/exercises/{id}/solution", this::solution);
        config.routes.post("/exercises/{id}/reset", this::reset);
    }

    /** Every exercise and where the learner stands, for the board page and its JSON. */
    public Board board() {
        Course now = course.get();
        Map<String, ProgressStore.Entry> entries = exercises.progress().all();
        List<Row> rows = exercises.catalog().exercises().stream()
                .map(e -> {
                    ProgressStore.Entry entry = entries.getOrDefault(e.id(), ProgressStore.Entry.NEW);
                    Lesson lesson = now.lesson(e.lesson()).orElse(null);
                    return new Row(e.id(), e.title(), e.summary(),
                            lesson == null ? e.lesson() : lesson.numberLabel() + " " + lesson.title(),
                            lesson == null ? null : lesson.path() + "#exercise-" + e.id(),
                            entry.state(), entry.stateLabel(), e.fileToOpen());
                })
                .sorted(java.util.Comparator.comparing((Row r) -> r.lessonTitle()).thenComparing(Row::id))
                .toList();
        long passed = rows.stream().filter(r -> ProgressStore.Entry.PASSED.equals(r.state())).count();
        return new Board(passed, rows.size(), rows);
    }

    // region feed
    /** The live feed of every page with an exercise card: progress steps, then verdicts. */
    private void events(Context ctx) {
        exercises.warmUp(); // a page with an exercise is open: get the worker JVM ready
        // A page that reconnects gets the events it missed from the room's history.
        long lastSeen = ClientIds.resumePoint(ctx.header("Last-Event-ID"));
        EventStreamSubscriber page = streams.member(ctx, hub, FEED_ROOM, "exercise-page", false, FEED_CAPACITY);
        EventStream stream = page.stream();
        stream.retry(2_000);
        try {
            hub.join(FEED_ROOM, page, lastSeen);
        } catch (Hub.RoomsFullException e) {
            stream.close();
        }
    }

    @Override
    public void progress(GradingProgress progress) {
        publish("progress", progress);
    }

    @Override
    public void verdict(Verdict verdict) {
        publish("verdict", verdict);
    }

    /** Into the feed's room, encoded once however many pages are open; no page open, nothing kept. */
    private void publish(String event, Object payload) {
        String data;
        try {
            data = Json.write(payload);
        } catch (IllegalStateException e) {
            LOG.warn("cannot send a {} event: {}", event, e.getMessage());
            return;
        }
        hub.publish(FEED_ROOM, event, seq -> data);
    }
    // endregion

    private void state(Context ctx) {
        Exercise exercise = known(ctx);
        if (exercise == null) {
            return;
        }
        ProgressStore.Entry entry = exercises.progress().get(exercise.id());
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", exercise.id());
        state.put("state", entry.state());
        state.put("stateLabel", entry.stateLabel());
        state.put("hints", Exercises.hints(exercise, entry));
        state.put("solutionUnlocked", entry.everPassed());
        state.put("file", exercise.fileToOpen());
        state.put("lastVerdict", entry.lastVerdict());
        ctx.json(state);
    }

    // region actions
    private void check(Context ctx) {
        Exercise exercise = known(ctx);
        if (exercise != null) {
            exercises.checkLater(exercise.id());
            ctx.status(202).json(Map.of("queued", exercise.id()));
        }
    }

    private void hint(Context ctx) {
        Exercise exercise = known(ctx);
        if (exercise != null) {
            ctx.json(exercises.revealHint(exercise.id()));
        }
    }

    private void solution(Context ctx) {
        Exercise exercise = known(ctx);
        if (exercise == null) {
            return;
        }
        boolean confirmed = bodyFlag(ctx, "confirm");
        try {
            List<Map<String, String>> files = exercises.solution(exercise.id(), confirmed).stream()
                    .map(f -> Map.of("path", f.path(), "content", f.content()))
                    .toList();
            ctx.json(Map.of("files", files));
        } catch (Exercises.SolutionLocked e) {
            ctx.status(409).json(Map.of("error", e.getMessage()));
        }
    }

    private void reset(Context ctx) {
        Exercise exercise = known(ctx);
        if (exercise != null) {
            Exercises.Reset reset = exercises.reset(exercise.id());
            ctx.json(Map.of("backup", reset.backup(), "files", reset.files(),
                    "message", "The starter is back in " + String.join(", ", exercise.files())
                            + ". Your version is kept in " + reset.backup()));
        }
    }
    // endregion

    private Exercise known(Context ctx) {
        try {
            return exercises.exercise(ctx.pathParam("id"));
        } catch (Exercises.UnknownExercise e) {
            ctx.status(404).json(Map.of("error", e.getMessage()));
            return null;
        }
    }

    private boolean bodyFlag(Context ctx, String name) {
        String body = ctx.body();
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.path(name).asBoolean(false);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
