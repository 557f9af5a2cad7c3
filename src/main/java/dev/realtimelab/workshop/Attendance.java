package dev.realtimelab.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.course.Course;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.MemberNames;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.live.transport.WebSocketOutbox;
import dev.realtimelab.security.ClientAddress;
import dev.realtimelab.security.TokenBucket;
import dev.realtimelab.web.Page;
import dev.realtimelab.web.Views;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workshop mode, part 2, on the instructor's server: attendees' own copies of the course join
 * with the join code and a name, and get a ticket bound to that name. Each then holds one
 * WebSocket open to report its progress (whole states, numbered), raise a hand, ask and upvote
 * questions; every message is acknowledged only once it is in the workshop's file. The
 * instructor's dashboard is an event stream of a hub room: a snapshot, then every change.
 */
public final class Attendance {
    private static final Logger LOG = LoggerFactory.getLogger(Attendance.class);
    static final String DASHBOARD = "workshop:dashboard";
    /** The largest attendee message: a report of every exercise fits many times over. */
    static final int MAX_MESSAGE_CHARS = 8 * 1024;
    /** An attendee reports on each save: a burst when they save a lot, a few a second after that. */
    static final int REPORT_BURST = 20;
    static final int REPORTS_PER_SECOND = 5;
    static final int MAX_NOTE_CHARS = 140;
    static final int MAX_QUESTION_CHARS = 280;
    static final int MAX_QUESTIONS = 500;
    static final int MAX_ATTEMPTS = 100_000;
    static final int MAX_EXERCISES = 200;
    private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile("[a-z0-9-]{1,64}");
    static final int POLICY = 1008;
    static final int TOO_BIG = 1009;
    static final int TRY_AGAIN_LATER = 1013;
    static final int REPLACED = 4000;

    private final AttendanceBook book;
    private final Hub hub;
    private final Ticker ticker;
    private final EventStreams streams;
    private final Views views;
    private final Supplier<Course> course;
    private final Set<String> exerciseIds;
    private final List<Map<String, String>> exerciseColumns;
    private final Predicate<Context> instructor;
    private final Hub.Feed dashboard;
    private final Map<String, Connection> bySession = new ConcurrentHashMap<>();
    private final Map<String, Connection> byAttendee = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> joinsByAddress = new ConcurrentHashMap<>();

    /** What {@code received} notes of a message already applied (no reason a person reads starts with NUL). */
    private static final String RESEND = "\u0000resend";

    private record Connection(String attendee, WsContext ctx, WebSocketOutbox outbox) {}

    /**
     * {@code exercises}: the course's exercises (id, title), the dashboard's columns and the only
     * ids a report may name; {@code instructor}: whether a request carries the instructor's key.
     */
    public Attendance(Path stateFile, Hub hub, Ticker ticker, EventStreams streams, Views views,
            Supplier<Course> course, List<Map<String, String>> exercises, Predicate<Context> instructor) {
        this.book = new AttendanceBook(stateFile);
        this.hub = hub;
        this.ticker = ticker;
        this.streams = streams;
        this.views = views;
        this.course = course;
        this.exerciseColumns = List.copyOf(exercises);
        this.exerciseIds = exercises.stream().map(e -> e.get("id")).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.instructor = instructor;
        this.dashboard = hub.feed(DASHBOARD, Workshop.CHANNEL_HISTORY, Workshop.CHANNEL_HISTORY_BYTES);
    }

    // region routes
    public void register(JavalinConfig config) {
        config.routes.post("/workshop/attend/join", this::join);
        // The home page asks whether this copy can join a workshop: not the workshop itself.
        config.routes.get("/workshop-link", ctx -> ctx.json(Map.of("status", "workshop")));
        config.routes.ws("/workshop/attend/socket", ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(this::received);
            ws.onClose(this::closed);
            ws.onError(this::closed);
        });
        config.routes.get("/workshop/instructor/dashboard", instructorOnly(this::dashboardPage));
        config.routes.get("/workshop/instructor/dashboard/events", instructorOnly(this::dashboardStream));
        config.routes.post("/workshop/instructor/hands/lower", instructorOnly(this::lowerHand));
        config.routes.post("/workshop/instructor/questions/answer", instructorOnly(ctx -> markQuestion(ctx, true)));
        config.routes.post("/workshop/instructor/questions/hide", instructorOnly(ctx -> markQuestion(ctx, false)));
        config.routes.post("/workshop/instructor/questions/anonymous", instructorOnly(this::anonymousQuestions));
    }
    // endregion

    /** Where a workshop keeps its attendance: beside the progress file, in the course folder. */
    public static Path stateFile(Path courseRoot) {
        return courseRoot.resolve(dev.realtimelab.grading.ProgressStore.DIRECTORY).resolve(AttendanceBook.FILE_NAME);
    }

    /** The code attendees type to join, shown on the dashboard and in the terminal. */
    public String joinCode() {
        return book.joinCode();
    }

    private Handler instructorOnly(Handler handler) {
        return ctx -> {
            if (!instructor.test(ctx)) {
                ctx.status(403).json(Map.of("error", "Only the instructor may do this: open the login link the workshop printed, on the machine that runs it."));
                return;
            }
            handler.handle(ctx);
        };
    }

    // region join
    /** {"code","name"} to {"ticket","name","id"}; a wrong code is 403 with a reason a person can act on. */
    private void join(Context ctx) throws IOException {
        JsonNode body = Json.objectOrNull(ctx.body());
        String code = body == null ? null : body.path("code").asText(null);
        String name = body == null ? "" : body.path("name").asText("").strip();
        String address = ClientAddress.of(ctx);
        if (joinsByAddress.size() > 10_000) {
            joinsByAddress.clear();
        }
        if (!ClientAddress.isLoopback(ctx) && !joinsByAddress.computeIfAbsent(address,
                a -> new TokenBucket(Roster.JOINS_BURST, Roster.JOINS_PER_SECOND)).tryTake()) {
            ctx.status(429).json(Map.of("error", "Too many joins from your address; wait a moment and try again."));
            return;
        }
        if (!book.isCode(code)) {
            ctx.status(403).json(Map.of("error", "That join code is wrong: use the code on the instructor's screen."));
            return;
        }
        try {
            name = MemberNames.normalize(name); // the roster's one rule: any script, NFC, no invisible characters
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", "Pick another name: " + e.getMessage() + "."));
            return;
        }
        if (name.equalsIgnoreCase(Roster.RESERVED_NAME)) {
            ctx.status(400).json(Map.of("error", "Pick another name: \"" + Roster.RESERVED_NAME + "\" is the instructor's."));
            return;
        }
        if (book.size() >= Roster.MAX_ATTENDEES) {
            ctx.status(503).json(Map.of("error", "The workshop is full (" + Roster.MAX_ATTENDEES + " attendees)."));
            return;
        }
        String ticket = book.admit(name);
        book.save();
        AttendanceBook.Member member = book.byTicket(ticket);
        publishAttendee(member);
        ctx.json(Map.of("ticket", ticket, "name", name, "id", member.id, "exercises", exerciseIds.stream().sorted().toList()));
    }
    // endregion

    // region socket
    /** The ticket comes in the Authorization header: not in the URL, where logs would keep it. */
    private void connected(WsConnectContext ctx) {
        String auth = ctx.header("Authorization");
        AttendanceBook.Member member = auth != null && auth.startsWith("Bearer ") ? book.byTicket(auth.substring(7).strip()) : null;
        if (member == null) {
            ctx.closeSession(POLICY, "unknown ticket: join the workshop again");
            return;
        }
        WebSocketOutbox outbox = WebSocketOutbox.of(ctx.session, 64, ticker);
        Connection connection = new Connection(member.id, ctx, outbox);
        bySession.put(ctx.sessionId(), connection);
        Connection previous = byAttendee.put(member.id, connection);
        if (previous != null) {
            bySession.remove(previous.ctx().sessionId());
            previous.outbox().close(REPLACED, "replaced by a newer connection");
        }
        long lastSeq = book.read(() -> {
            member.online = true;
            return member.lastSeq;
        });
        outbox.offer(Json.object("type", "welcome", "name", member.name, "lastSeq", lastSeq));
        outbox.offer(roomState(member.id));
        publishAttendee(member);
    }

    private void closed(WsContext ctx) {
        Connection connection = bySession.remove(ctx.sessionId());
        if (connection != null && byAttendee.remove(connection.attendee(), connection)) {
            AttendanceBook.Member member = book.byId(connection.attendee());
            if (member != null) {
                book.read(() -> member.online = false);
                publishAttendee(member);
            }
        }
    }

    private void refuse(WsContext ctx, int code, String reason) {
        ctx.closeSession(code, reason);
    }

    // region socket-message
    // region resend-once
    /**
     * Every message carries the attendee's own sequence number. One at or below the last one
     * stored was already handled (a resend after a drop): acknowledged again, applied once.
     */
    private void received(WsMessageContext ctx) throws IOException {
        Connection from = bySession.get(ctx.sessionId());
        if (from == null) {
            return;
        }
        String text = ctx.message();
        if (text.length() > MAX_MESSAGE_CHARS) {
            refuse(ctx, TOO_BIG, "a message is at most " + MAX_MESSAGE_CHARS + " characters");
            return;
        }
        if (!rates.computeIfAbsent(from.attendee(), a -> new TokenBucket(REPORT_BURST, REPORTS_PER_SECOND)).tryTake()) {
            refuse(ctx, TRY_AGAIN_LATER, "rate limit exceeded: " + REPORTS_PER_SECOND + " messages per second");
            return;
        }
        JsonNode message = Json.objectOrNull(text);
        long seq = message == null ? -1 : message.path("seq").asLong(-1);
        String type = message == null ? "" : message.path("type").asText("");
        if (seq < 1) {
            refuse(ctx, POLICY, "every message is a JSON object with a \"seq\" above 0");
            return;
        }
        AttendanceBook.Member member = book.byId(from.attendee());
        String problem = book.change(() -> {
            if (seq <= member.lastSeq) {
                return RESEND; // already applied
            }
            String wrong = apply(member, type, message);
            if (wrong == null || !wrong.startsWith("!")) {
                member.lastSeq = seq; // a refused question still counts as handled: not resent forever
            }
            return wrong;
        });
        if (problem != null && problem.startsWith("!")) {
            refuse(ctx, POLICY, problem.substring(1));
            return;
        }
        if (RESEND.equals(problem)) {
            from.outbox().offer(Json.object("type", "ack", "seq", seq));
            return;
        }
        try {
            book.save();
        } catch (IOException e) {
            // Not acknowledged, so the attendee's app keeps it and sends it again after reconnecting.
            LOG.warn("cannot save the workshop's state: {}", e.getMessage());
            refuse(ctx, 1011, "the workshop cannot save right now; try again");
            return;
        }
        from.outbox().offer(problem == null ? Json.object("type", "ack", "seq", seq)
                : Json.object("type", "ack", "seq", seq, "refused", problem));
        afterChange(member, type);
    }
    // endregion

    /**
     * Applies one message under the book's lock. Returns null when applied, a reason the attendee
     * reads when refused, or "!reason" for a message no correct client sends (closed with 1008).
     */
    private String apply(AttendanceBook.Member member, String type, JsonNode message) {
        switch (type) {
            case "report" -> {
                return report(member, message);
            }
            case "hand" -> {
                String note = message.path("note").asText("").strip();
                if (note.codePointCount(0, note.length()) > MAX_NOTE_CHARS || note.contains("\n")) {
                    return "a note is one line of at most " + MAX_NOTE_CHARS + " characters";
                }
                book.state.hands.removeIf(h -> h.attendee().equals(member.id));
                book.state.hands.add(new AttendanceBook.Hand(member.id, member.name, note, ticker.millis()));
                return null;
            }
            case "lower" -> {
                book.state.hands.removeIf(h -> h.attendee().equals(member.id));
                return null;
            }
            case "ask" -> {
                String question = message.path("text").asText("").strip();
                boolean anonymous = message.path("anonymous").asBoolean(false);
                if (question.isEmpty() || question.codePointCount(0, question.length()) > MAX_QUESTION_CHARS) {
                    return "a question is 1 to " + MAX_QUESTION_CHARS + " characters";
                }
                if (anonymous && !book.state.anonymousQuestions) {
                    return "the instructor has not allowed anonymous questions";
                }
                if (book.state.questions.size() >= MAX_QUESTIONS) {
                    return "the workshop already has " + MAX_QUESTIONS + " questions";
                }
                AttendanceBook.Question q = new AttendanceBook.Question();
                q.id = book.state.nextQuestion++;
                q.attendee = member.id;
                q.name = anonymous ? null : member.name;
                q.text = question;
                q.askedAt = ticker.millis();
                book.state.questions.add(q);
                return null;
            }
            case "upvote" -> {
                long id = message.path("question").asLong(-1);
                AttendanceBook.Question q = book.state.questions.stream().filter(x -> x.id == id && !x.hidden).findFirst().orElse(null);
                if (q == null) {
                    return "no such question";
                }
                q.voters.add(member.id); // a set: once each
                return null;
            }
            default -> {
                return "!unknown message type: send report, hand, lower, ask or upvote";
            }
        }
    }

    /**
     * A whole state: the lesson being read and every exercise's state, attempts and age in ms.
     * A lesson or exercise this course does not have (the attendee's copy is another version) is
     * left out; a value no correct client sends is a policy violation.
     */
    private String report(AttendanceBook.Member member, JsonNode message) {
        JsonNode lessonNode = message.path("lesson");
        if (!lessonNode.isMissingNode() && !lessonNode.isNull() && !(lessonNode.isTextual() && SLUG.matcher(lessonNode.asText()).matches())) {
            return "!\"lesson\" is a lesson's slug";
        }
        String lesson = lessonNode.isTextual() && course.get().lesson(lessonNode.asText()).isPresent() ? lessonNode.asText() : null;
        JsonNode exercises = message.path("exercises");
        if (!exercises.isObject() || exercises.size() > MAX_EXERCISES) {
            return "!\"exercises\" is an object of at most " + MAX_EXERCISES + " exercises";
        }
        long now = ticker.millis();
        Map<String, AttendanceBook.ExerciseState> states = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = exercises.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String state = entry.getValue().path("state").asText("");
            int attempts = entry.getValue().path("attempts").asInt(-1);
            long age = entry.getValue().path("age").asLong(-1);
            if (!Set.of("not-started", "failed", "passed").contains(state) || attempts < 0 || attempts > MAX_ATTEMPTS || age < 0) {
                return "!bad exercise entry: state (not-started, failed, passed), attempts and age";
            }
            if (!exerciseIds.contains(entry.getKey())) {
                continue;
            }
            AttendanceBook.ExerciseState before = member.exercises.get(entry.getKey());
            // The age is the attendee's own clock difference, so laptops need not agree on the time.
            long changedAt = before != null && before.state().equals(state) && before.attempts() == attempts ? before.changedAt() : now - age;
            states.put(entry.getKey(), new AttendanceBook.ExerciseState(state, attempts, changedAt));
        }
        member.lesson = lesson;
        member.exercises = states;
        member.reportedAt = now;
        return null;
    }
    // endregion

    private void afterChange(AttendanceBook.Member member, String type) {
        switch (type) {
            case "report" -> publishAttendee(member);
            case "hand", "lower" -> publishHands();
            default -> publishQuestions();
        }
    }
    // endregion

    // region dashboard
    private Map<String, Object> attendeeRow(AttendanceBook.Member m) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.id);
        row.put("name", m.name);
        row.put("online", m.online);
        row.put("lesson", m.lesson);
        row.put("reportedAt", m.reportedAt);
        row.put("exercises", new LinkedHashMap<>(m.exercises));
        return row;
    }

    private void publishAttendee(AttendanceBook.Member member) {
        String json = book.read(() -> Json.object("attendee", attendeeRow(member), "now", ticker.millis()));
        dashboard.publish("attendee", seq -> json);
    }

    private List<Map<String, Object>> hands() {
        return book.state.hands.stream().map(h -> Map.<String, Object>of("attendee", h.attendee(), "name", h.name(),
                "note", h.note(), "raisedAt", h.raisedAt())).toList();
    }

    private List<Map<String, Object>> questions(String viewer) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (AttendanceBook.Question q : book.state.questions) {
            if (viewer != null && q.hidden) {
                continue; // hidden questions are gone for attendees, and only marked for the instructor
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", q.id);
            item.put("text", q.text);
            item.put("from", q.name);
            item.put("votes", q.voters.size());
            item.put("answered", q.answered);
            item.put("askedAt", q.askedAt);
            if (viewer == null) {
                item.put("hidden", q.hidden);
            } else {
                item.put("voted", q.voters.contains(viewer));
                item.put("mine", viewer.equals(q.attendee));
            }
            list.add(item);
        }
        list.sort(Comparator.comparing((Map<String, Object> m) -> -((Integer) m.get("votes"))).thenComparing(m -> (Long) m.get("id")));
        return list;
    }

    private void publishHands() {
        String json = book.read(() -> Json.object("hands", hands(), "now", ticker.millis()));
        dashboard.publish("hands", seq -> json);
        pushRoomStates();
    }

    private void publishQuestions() {
        String json = book.read(() -> Json.object("questions", questions(null), "anonymous", book.state.anonymousQuestions));
        dashboard.publish("questions", seq -> json);
        pushRoomStates();
    }

    /** What each attendee's app shows of the room: its hand's place in the queue and the questions. */
    private String roomState(String attendee) {
        return book.read(() -> {
            int position = 0;
            String note = null;
            for (int i = 0; i < book.state.hands.size(); i++) {
                if (book.state.hands.get(i).attendee().equals(attendee)) {
                    position = i + 1;
                    note = book.state.hands.get(i).note();
                }
            }
            Map<String, Object> room = new LinkedHashMap<>();
            room.put("type", "room");
            room.put("hand", position == 0 ? null : Map.of("position", position, "note", note));
            room.put("questions", questions(attendee));
            room.put("anonymousAllowed", book.state.anonymousQuestions);
            return Json.write(room);
        });
    }

    private void pushRoomStates() {
        byAttendee.values().forEach(c -> c.outbox().offer(roomState(c.attendee())));
    }

    private String snapshot() {
        return book.read(() -> {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("joinCode", book.state.joinCode);
            all.put("exercises", exerciseColumns);
            all.put("attendees", book.state.attendees.stream().map(this::attendeeRow).toList());
            all.put("hands", hands());
            all.put("questions", questions(null));
            all.put("anonymous", book.state.anonymousQuestions);
            all.put("now", ticker.millis());
            return Json.write(all);
        });
    }

    private void dashboardPage(Context ctx) {
        ctx.html(views.render("workshop-dashboard.jte", Map.of("page", new Page("Progress dashboard", course.get(), null),
                "joinCode", book.joinCode())));
    }

    // region dashboard-stream
    /**
     * A snapshot first, then every change: a reload, or a reconnect with Last-Event-ID, starts
     * from the whole picture, taken under the room's lock so no change falls between the two.
     */
    private void dashboardStream(Context ctx) {
        EventStreamSubscriber member = streams.member(ctx, hub, DASHBOARD, Roster.RESERVED_NAME, false);
        EventStream stream = member.stream();
        stream.retry(Workshop.SSE_RETRY_MILLIS);
        hub.join(DASHBOARD, member, -1, (replay, newest) -> stream.send(Long.toString(newest), "snapshot", snapshot()));
    }
    // endregion
    // endregion

    // region instructor-actions
    private void lowerHand(Context ctx) throws IOException {
        JsonNode body = Json.objectOrNull(ctx.body());
        String attendee = body == null ? "" : body.path("attendee").asText("");
        boolean lowered = book.change(() -> book.state.hands.removeIf(h -> h.attendee().equals(attendee)));
        book.save();
        publishHands();
        ctx.json(Map.of("lowered", lowered));
    }

    private void markQuestion(Context ctx, boolean answered) throws IOException {
        JsonNode body = Json.objectOrNull(ctx.body());
        long id = body == null ? -1 : body.path("id").asLong(-1);
        boolean found = book.change(() -> {
            for (AttendanceBook.Question q : book.state.questions) {
                if (q.id == id) {
                    if (answered) {
                        q.answered = true;
                    } else {
                        q.hidden = true;
                    }
                    return true;
                }
            }
            return false;
        });
        if (!found) {
            ctx.status(400).json(Map.of("error", "no such question"));
            return;
        }
        book.save();
        publishQuestions();
        ctx.json(Map.of("id", id));
    }

    private void anonymousQuestions(Context ctx) throws IOException {
        JsonNode body = Json.objectOrNull(ctx.body());
        boolean allowed = body != null && body.path("allowed").asBoolean(false);
        book.change(() -> book.state.anonymousQuestions = allowed);
        book.save();
        publishQuestions();
        ctx.json(Map.of("anonymous", allowed));
    }
    // endregion


    public void close() {
        byAttendee.values().forEach(c -> c.outbox().close(1001, "the workshop is stopping"));
        dashboard.close();
    }
}
