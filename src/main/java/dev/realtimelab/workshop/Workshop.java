package dev.realtimelab.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.course.Course;
import dev.realtimelab.course.Lesson;
import dev.realtimelab.course.SpeakerMaterial;
import dev.realtimelab.live.hub.FeedEvent;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.live.transport.WebSocketOutbox;
import dev.realtimelab.live.transport.WebSocketSubscriber;
import dev.realtimelab.security.ClientAddress;
import dev.realtimelab.shared.ClientIds;
import dev.realtimelab.security.TokenBucket;
import dev.realtimelab.web.Page;
import dev.realtimelab.web.Views;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Workshop mode: an instructor teaches a room from one laptop. Its channels are rooms of the
 * app's hub. The server speaks and attendees only listen on the follow channel and the
 * instructor's tally, so those are event streams (SSE); attendees send often on the chat and
 * the polls, so that is a WebSocket. Everything the instructor does is under
 * /workshop/instructor, which RequestGuards answers on loopback only, and needs the key cookie.
 */
public final class Workshop {
    static final String CHAT = "workshop:chat";
    static final String ATTENDEE_COOKIE = "rl_attendee";
    static final String INSTRUCTOR_COOKIE = "rl_instructor";
    /** The instructor's paired phone: it may move the room, and nothing else. */
    static final String REMOTE_COOKIE = "rl_remote";
    /** Readable by scripts: it only tells a page to show the workshop bar; it proves nothing. */
    static final String MODE_COOKIE = "rl_workshop";
    static final int MAX_CHAT_CHARS = 280;
    static final int CHAT_BURST = 5;
    static final int CHAT_PER_SECOND = 1;
    /** Chat messages a page gets when it (re)opens without a resume point. */
    static final int CHAT_REPLAY = 30;
    /** State events are whole states: a page needs the newest one only, so a short queue does. */
    static final int STREAM_CAPACITY = 64;
    static final long SSE_RETRY_MILLIS = 1000;
    /** What each channel keeps for pages that reconnect with a resume point. */
    static final int CHANNEL_HISTORY = 500;
    static final long CHANNEL_HISTORY_BYTES = 512 * 1024;

    private final Supplier<Course> course;
    private final Path lessonsDir;
    private final Hub hub;
    private final EventStreams streams;
    private final Ticker ticker;
    private final Views views;
    private final JoinAddresses addresses;
    private final Roster roster = new Roster();
    private final InstructorLogin login = new InstructorLogin();
    private final RemotePairing pairing;
    private final Presentation presentation;
    private final Map<String, ChatMember> sockets = new ConcurrentHashMap<>();
    private final List<Hub.Feed> channels = new ArrayList<>();
    private final AtomicLong lastChatSeq = new AtomicLong();
    private volatile Consumer<String> terminal = System.out::println;
    private volatile List<String> joinUrls = List.of();
    private volatile int port;

    private record ChatMember(String attendeeId, boolean instructor, WebSocketSubscriber member, TokenBucket rate) {}

    public Workshop(Supplier<Course> course, Path lessonsDir, Hub hub, EventStreams streams, Ticker ticker, Views views,
            JoinAddresses addresses) {
        this.course = course;
        this.lessonsDir = lessonsDir;
        this.hub = hub;
        this.streams = streams;
        this.ticker = ticker;
        this.views = views;
        this.addresses = addresses;
        List<Lesson> lessons = course.get().lessons();
        this.pairing = new RemotePairing(ticker.clock());
        this.presentation = new Presentation(hub, ticker, lessons.isEmpty() ? "" : lessons.get(0).slug(), roster::size,
                pairing::status);
        // Each channel is held open, so its numbering and history go on while no page listens.
        for (String room : List.of(Presentation.FOLLOW, Presentation.INSTRUCTOR, CHAT)) {
            channels.add(hub.feed(room, CHANNEL_HISTORY, CHANNEL_HISTORY_BYTES));
        }
        presentation.publish();
        presentation.publishTally();
    }

    // region routes
    public void register(JavalinConfig config) {
        config.routes.get("/workshop", this::joinPage);
        config.routes.post("/workshop/join", this::join);
        config.routes.get("/workshop/events", this::followStream);
        config.routes.get("/workshop/qr.svg", this::qrCode);
        config.routes.ws("/workshop/socket", ws -> {
            ws.onConnect(this::socketJoins);
            ws.onMessage(this::socketSays);
            ws.onClose(this::socketLeaves);
            ws.onError(this::socketLeaves);
        });
        config.routes.get("/workshop/login", this::logIn);
        config.routes.get("/workshop/instructor", instructor(this::instructorPage));
        config.routes.get("/workshop/instructor/slides", instructor(this::slidesPage));
        config.routes.get("/workshop/instructor/events", instructor(this::tallyStream));
        config.routes.get("/workshop/instructor/lessons", instructor(this::lessons));
        config.routes.get("/workshop/instructor/lesson/{slug}", instructor(this::lessonMaterial));
        config.routes.post("/workshop/instructor/move", instructor(this::move));
        config.routes.post("/workshop/instructor/poll", instructor(this::launchPoll));
        config.routes.post("/workshop/instructor/poll/reveal", instructor(this::revealPoll));
        config.routes.post("/workshop/instructor/poll/end", instructor(this::endPoll));
        config.routes.post("/workshop/instructor/chat/hide", instructor(this::hideMessage));
        config.routes.post("/workshop/instructor/pairing", instructor(this::offerPairing));
        config.routes.get("/workshop/instructor/pairing/qr.svg", instructor(this::pairingQrCode));
        config.routes.post("/workshop/instructor/pairing/revoke", instructor(this::revokePairing));
        // The phone is on the room's network, so these are not loopback-only: the remote key decides.
        config.routes.get("/workshop/remote", this::remotePage);
        config.routes.post("/workshop/remote/pair", this::pairRemote);
        config.routes.get("/workshop/remote/deck", remote(this::deck));
        config.routes.post("/workshop/remote/move", remote(this::move));
    }
    // endregion

    /** Call once the app listens: the join addresses need the port and scheme. */
    public void started(String scheme, int port) {
        this.port = port;
        this.joinUrls = addresses.urls(scheme, port);
    }

    /** Where the login link and renewed links are printed (the terminal; tests capture it). */
    public void printTo(Consumer<String> terminal) {
        this.terminal = terminal;
    }

    public List<String> joinUrls() {
        return joinUrls;
    }

    /** The one-time login link; it works once, from this machine only. */
    public String loginLink() {
        return "http://localhost:" + port + "/workshop/login?token=" + login.token();
    }

    /** What the terminal shows at start: each join address with its QR code, and the login link. */
    public String banner() {
        StringBuilder out = new StringBuilder("\nWorkshop mode. Attendees join at:\n");
        if (joinUrls.isEmpty()) {
            out.append("  (no network address found: connect this machine to the room's network and restart)\n");
        }
        for (String url : joinUrls) {
            out.append("\n  ").append(url).append("\n\n").append(JoinAddresses.terminalQr(url));
        }
        out.append("\nYou, the instructor, open this once, on this machine (it works only here, and only once):\n  ")
                .append(loginLink()).append('\n');
        return out.toString();
    }

    // region identity
    private Roster.Attendee attendee(Context ctx) {
        return roster.byToken(ctx.cookie(ATTENDEE_COOKIE));
    }

    /** Public for the part-2 routes ({@link Attendance}), which check the same key. */
    public boolean isInstructor(Context ctx) {
        return ClientAddress.isLoopback(ctx) && login.isKey(ctx.cookie(INSTRUCTOR_COOKIE));
    }

    /** Instructor routes: RequestGuards already refused other machines; here the key is checked. */
    private Handler instructor(Handler handler) {
        return ctx -> {
            if (!isInstructor(ctx)) {
                ctx.status(403).result("Only the instructor may do this: open the login link the workshop printed, on the machine that runs it.");
                return;
            }
            handler.handle(ctx);
        };
    }

    private boolean isRemote(Context ctx) {
        return pairing.isKey(ctx.cookie(REMOTE_COOKIE));
    }

    /** The phone's routes: they need the remote key, which grants these and nothing else. */
    private Handler remote(Handler handler) {
        return ctx -> {
            if (!isRemote(ctx)) {
                ctx.status(403).json(Map.of("error", "This phone is not paired, or no longer is: "
                        + "scan the pairing code on the instructor's page again."));
                return;
            }
            handler.handle(ctx);
        };
    }

    private static void setCookie(Context ctx, String name, String value, boolean httpOnly) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; SameSite=Strict" + (httpOnly ? "; HttpOnly" : ""));
    }
    // endregion

    // region join
    private void joinPage(Context ctx) {
        Roster.Attendee me = attendee(ctx);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("page", new Page("Join the workshop", course.get(), null));
        params.put("name", me == null ? "" : me.name());
        ctx.html(views.render("workshop-join.jte", params));
    }

    private void join(Context ctx) {
        String name;
        try {
            JsonNode body = Json.mapper().readTree(ctx.body());
            name = body == null || !body.path("name").isTextual() ? null : body.path("name").asText();
        } catch (IOException e) {
            name = null;
        }
        try {
            String token = roster.join(name, ClientAddress.of(ctx), ClientAddress.isLoopback(ctx));
            setCookie(ctx, ATTENDEE_COOKIE, token, true);
            setCookie(ctx, MODE_COOKIE, "attendee", false);
            presentation.publishTally();
            ctx.json(Map.of("name", roster.byToken(token).name(), "lesson", "/lessons/" + presentation.lesson()));
        } catch (Roster.Refused e) {
            ctx.status(e.status).json(Map.of("error", e.getMessage()));
        }
    }

    private void qrCode(Context ctx) {
        int index = parseIndex(ctx.queryParam("n"));
        List<String> urls = joinUrls;
        if (index < 0 || index >= urls.size()) {
            ctx.status(404).result("no such join address");
            return;
        }
        ctx.contentType("image/svg+xml").result(JoinAddresses.svg(urls.get(index)));
    }
    // endregion

    // region follow-stream
    /**
     * The follow channel as an event stream. A page that reconnects sends Last-Event-ID and gets
     * what it missed; every event is the whole state, so only the newest matters, and a page
     * that comes with no id (or an id from before a restart) gets just the newest event.
     */
    private void followStream(Context ctx) {
        if (attendee(ctx) == null && !isInstructor(ctx) && !isRemote(ctx)) {
            ctx.status(401).result("Join the workshop first, at /workshop.");
            return;
        }
        Roster.Attendee me = attendee(ctx);
        subscribe(ctx, Presentation.FOLLOW, me == null ? Roster.RESERVED_NAME : me.name(), presentation.lastSeq());
    }

    private void tallyStream(Context ctx) {
        subscribe(ctx, Presentation.INSTRUCTOR, Roster.RESERVED_NAME, presentation.lastTallySeq());
    }

    private void subscribe(Context ctx, String room, String name, long newest) {
        long lastSeen = ClientIds.parseSeq(ctx.header("Last-Event-ID"));
        long after = lastSeen >= newest - 1 && lastSeen <= newest ? lastSeen : newest - 1;
        EventStreamSubscriber member = streams.member(ctx, hub, room, name, false, STREAM_CAPACITY);
        member.stream().retry(SSE_RETRY_MILLIS);
        hub.join(room, member, Math.max(0, after));
    }
    // endregion

    // region socket
    private void socketJoins(WsConnectContext ctx) {
        Roster.Attendee me = roster.byToken(ctx.cookie(ATTENDEE_COOKIE));
        boolean instructor = me == null && ClientAddress.isLoopback(ctx) && login.isKey(ctx.cookie(INSTRUCTOR_COOKIE));
        if (me == null && !instructor) {
            ctx.closeSession(1008, "join the workshop first, at /workshop");
            return;
        }
        long lastSeen = ClientIds.parseSeq(ctx.queryParam("after"));
        long newest = lastChatSeq.get();
        long after = lastSeen >= 0 && lastSeen <= newest ? lastSeen : Math.max(0, newest - CHAT_REPLAY);
        WebSocketOutbox outbox = WebSocketOutbox.of(ctx.session, Hub.DEFAULT_QUEUE_CAPACITY, ticker);
        WebSocketSubscriber member = new WebSocketSubscriber(instructor ? Roster.RESERVED_NAME : me.name(), true, outbox);
        sockets.put(ctx.sessionId(), new ChatMember(instructor ? null : me.id(), instructor, member,
                new TokenBucket(CHAT_BURST, CHAT_PER_SECOND)));
        outbox.offer(Json.object("type", "welcome", "name", member.name(), "instructor", instructor));
        hub.join(CHAT, member, after);
    }

    // region socket-message
    /** {"type":"say","text":...} to chat, {"type":"vote","poll":N,"answer":I} to vote. */
    private void socketSays(WsMessageContext ctx) {
        ChatMember from = sockets.get(ctx.sessionId());
        if (from == null) {
            return;
        }
        JsonNode message;
        try {
            message = Json.mapper().readTree(ctx.message());
        } catch (IOException e) {
            message = null;
        }
        String type = message == null ? "" : message.path("type").asText("");
        switch (type) {
            case "say" -> say(from, message.path("text").asText(""));
            case "vote" -> {
                boolean counted = from.attendeeId() != null
                        && presentation.vote(from.attendeeId(), message.path("poll").asInt(-1), message.path("answer").asInt(-1));
                reply(from, counted ? Json.object("type", "voted", "poll", message.path("poll").asInt(), "answer", message.path("answer").asInt())
                        : Json.object("type", "error", "message", "that poll is closed, or there is no such answer"));
            }
            default -> reply(from, Json.object("type", "error", "message", "unknown message: send {\"type\":\"say\"} or {\"type\":\"vote\"}"));
        }
    }

    private void say(ChatMember from, String text) {
        String clean = text.strip();
        if (clean.isEmpty() || clean.codePointCount(0, clean.length()) > MAX_CHAT_CHARS) {
            reply(from, Json.object("type", "error", "message", "a message is 1 to " + MAX_CHAT_CHARS + " characters"));
            return;
        }
        if (!from.rate().tryTake()) {
            reply(from, Json.object("type", "error", "message", "slow down: at most " + CHAT_PER_SECOND + " message a second"));
            return;
        }
        // The server writes the JSON inside the text, so an attendee cannot pass for the instructor.
        chatPublished(hub.publish(CHAT, from.member().name(),
                from.instructor() ? Json.object("say", clean, "instructor", true) : Json.object("say", clean)));
    }
    // endregion

    private void chatPublished(Hub.Published published) {
        lastChatSeq.accumulateAndGet(published.seq(), Math::max);
    }

    private static void reply(ChatMember to, String json) {
        to.member().outbox().offer(json);
    }

    private void socketLeaves(WsContext ctx) {
        ChatMember member = sockets.remove(ctx.sessionId());
        if (member != null) {
            hub.leave(CHAT, member.member(), null);
        }
    }
    // endregion

    // region login
    private void logIn(Context ctx) {
        String key = login.spend(ctx.queryParam("token"));
        if (key == null) {
            String fresh = login.renew();
            terminal.accept("A spent or wrong instructor login link was opened. A new one: http://localhost:"
                    + port + "/workshop/login?token=" + fresh);
            ctx.status(403).result("This login link was already used, or is wrong. A new one is printed in the terminal that runs the workshop.");
            return;
        }
        setCookie(ctx, INSTRUCTOR_COOKIE, key, true);
        setCookie(ctx, MODE_COOKIE, "instructor", false);
        ctx.redirect("/workshop/instructor", HttpStatus.SEE_OTHER);
    }
    // endregion

    // region instructor
    private void instructorPage(Context ctx) {
        ctx.html(views.render("workshop-instructor.jte", Map.of("page", new Page("Instructor", course.get(), null),
                "joinUrls", joinUrls)));
    }

    private void slidesPage(Context ctx) {
        ctx.html(views.render("workshop-slides.jte", Map.of("page", new Page("Slides", course.get(), null))));
    }

    // region pairing
    /** A new one-time pairing token, as one link per join address (the phone is on the room's network). */
    private void offerPairing(Context ctx) {
        String token = pairing.offer();
        presentation.publishTally();
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("links", pairingLinks(token), "expiresInMillis", RemotePairing.TOKEN_LIFETIME.toMillis()));
    }

    /** The token rides in the fragment: the phone page POSTs it and clears it from the address bar. */
    private List<String> pairingLinks(String token) {
        return joinUrls.stream().map(url -> url + "/remote#pair=" + token).toList();
    }

    /** The pairing link's QR code, drawn like the join addresses' (one mechanism for both). */
    private void pairingQrCode(Context ctx) {
        String token = pairing.offeredToken();
        List<String> links = token == null ? List.of() : pairingLinks(token);
        int index = parseIndex(ctx.queryParam("n"));
        if (index < 0 || index >= links.size()) {
            ctx.status(404).result("no pairing code is on offer: make a new one");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("image/svg+xml").result(JoinAddresses.svg(links.get(index)));
    }

    private void revokePairing(Context ctx) {
        pairing.revoke();
        presentation.publishTally();
        ctx.json(Map.of("paired", false));
    }

    private void remotePage(Context ctx) {
        ctx.html(views.render("workshop-remote.jte", Map.of("page", new Page("Slide remote", course.get(), null))));
    }

    private void pairRemote(Context ctx) {
        String token;
        try {
            JsonNode body = Json.mapper().readTree(ctx.body());
            token = body == null || !body.path("token").isTextual() ? null : body.path("token").asText();
        } catch (IOException e) {
            token = null;
        }
        String key = pairing.pair(token);
        if (key == null) {
            ctx.status(403).json(Map.of("error", "This pairing code was already used, has expired (a code lasts "
                    + RemotePairing.TOKEN_LIFETIME.toMinutes() + " minutes) or is wrong: make a new one on the instructor's page."));
            return;
        }
        setCookie(ctx, REMOTE_COOKIE, key, true);
        presentation.publishTally();
        ctx.json(Map.of("paired", true));
    }

    /** Every lesson's sections, without the notes: what the phone needs to step and jump. */
    private void deck(Context ctx) {
        List<Map<String, Object>> lessons = course.get().lessons().stream()
                .map(l -> Map.<String, Object>of("slug", l.slug(), "number", l.numberLabel(), "title", l.title(),
                        "sections", sections(l).stream().map(s -> Map.of("id", s.id(), "heading", s.heading())).toList()))
                .toList();
        ctx.json(Map.of("lessons", lessons));
    }
    // endregion

    private void lessons(Context ctx) {
        List<Map<String, Object>> lessons = course.get().lessons().stream()
                .map(l -> Map.<String, Object>of("slug", l.slug(), "number", l.numberLabel(), "title", l.title(), "minutes", l.minutes()))
                .toList();
        ctx.json(Map.of("lessons", lessons, "joinUrls", joinUrls));
    }

    /** A lesson as the presenter sees it: its sections (## headings) with their notes, and its quiz. */
    private void lessonMaterial(Context ctx) throws IOException {
        Lesson lesson = course.get().lesson(ctx.pathParam("slug")).orElse(null);
        if (lesson == null) {
            ctx.status(404).json(Map.of("error", "no such lesson"));
            return;
        }
        SpeakerMaterial material = material(lesson);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Section section : sections(lesson)) {
            String notes = String.join("\n\n", material.notes().stream()
                    .filter(n -> n.section().equals(section.id())).map(SpeakerMaterial.Note::text).toList());
            sections.add(Map.of("id", section.id(), "heading", section.heading(), "notes", notes));
        }
        ctx.json(Map.of("slug", lesson.slug(), "number", lesson.numberLabel(), "title", lesson.title(),
                "minutes", lesson.minutes(), "sections", sections, "questions", material.questions()));
    }

    record Section(String id, String heading) {}

    /** The sections the room moves through: the lesson's top ("") and each ## heading. */
    static List<Section> sections(Lesson lesson) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("", lesson.title()));
        lesson.headings().stream().filter(h -> h.level() == 2).forEach(h -> sections.add(new Section(h.id(), h.text())));
        return sections;
    }

    private SpeakerMaterial material(Lesson lesson) throws IOException {
        return SpeakerMaterial.of(Files.readString(lessonsDir.resolve(lesson.fileName())));
    }

    private void move(Context ctx) throws IOException {
        JsonNode body = Json.mapper().readTree(ctx.body());
        String slug = body == null ? "" : body.path("lesson").asText("");
        String section = body == null ? "" : body.path("section").asText("");
        Lesson lesson = course.get().lesson(slug).orElse(null);
        if (lesson == null || sections(lesson).stream().noneMatch(s -> s.id().equals(section))) {
            ctx.status(400).json(Map.of("error", "no such lesson or section"));
            return;
        }
        presentation.move(slug, section);
        ctx.json(Map.of("lesson", slug, "section", section));
    }

    private void launchPoll(Context ctx) throws IOException {
        JsonNode body = Json.mapper().readTree(ctx.body());
        Lesson lesson = course.get().lesson(body == null ? "" : body.path("lesson").asText("")).orElse(null);
        int number = body == null ? -1 : body.path("number").asInt(-1);
        SpeakerMaterial.PollQuestion question = lesson == null ? null : material(lesson).questions().stream()
                .filter(q -> q.number() == number).findFirst().orElse(null);
        if (question == null) {
            ctx.status(400).json(Map.of("error", "no such quiz question"));
            return;
        }
        presentation.launch(lesson.slug(), question);
        ctx.json(Map.of("launched", question.number()));
    }

    private void revealPoll(Context ctx) {
        if (!presentation.reveal()) {
            ctx.status(409).json(Map.of("error", "no poll is running"));
            return;
        }
        ctx.json(Map.of("revealed", true));
    }

    private void endPoll(Context ctx) {
        presentation.endPoll();
        ctx.json(Map.of("ended", true));
    }

    // region hide
    /** Hides a chat message on every page: an event of the chat room that pages apply. */
    private void hideMessage(Context ctx) throws IOException {
        JsonNode body = Json.mapper().readTree(ctx.body());
        long seq = body == null ? -1 : body.path("seq").asLong(-1);
        if (seq < 1 || seq > lastChatSeq.get()) {
            ctx.status(400).json(Map.of("error", "no such message"));
            return;
        }
        chatPublished(hub.publish(CHAT, Roster.RESERVED_NAME, Json.object("hide", seq)));
        ctx.json(Map.of("hidden", seq));
    }
    // endregion
    // endregion

    private static int parseIndex(String text) {
        return text == null ? 0 : text.matches("[0-9]{1,3}") ? Integer.parseInt(text) : -1;
    }

    /** Takes the workshop's channels down (the hub itself is closed by its owner). */
    public void close() {
        sockets.values().forEach(m -> hub.leave(CHAT, m.member(), null));
        channels.forEach(Hub.Feed::close);
    }
}
