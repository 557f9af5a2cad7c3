package dev.realtimelab.live;

import dev.realtimelab.live.hub.History;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.shared.ClientIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sse-resume demo: a numbered feed that resumes after {@code Last-Event-ID}.
 *
 * <ul>
 *   <li>{@code GET /sse/resume?session=S}: {@code retry: 1000}, then a {@code hello} event that
 *       reports the {@code Last-Event-ID} received and what is replayed, then the missed
 *       numbers, then a new number every interval (id = data = the number).
 *       A new EventSource cannot send the header, so {@code &lastEventId=N} is accepted too.</li>
 *   <li>{@code POST /sse/resume/drop?session=S&next=200|204|503}: ends the session's streams and
 *       sets how the next connection of that session is answered.</li>
 * </ul>
 *
 * Each session is a hub room that the feed holds open: the room numbers the events and keeps
 * the last ones, and a reconnecting stream gets what it missed by the room's one resume rule
 * ({@link History#after}). Every page makes up its own session id, so learners sharing a server
 * never flip each other's switches. Sessions, their streams and their history are all bounded.
 */
public final class ResumableFeed implements AutoCloseable {
    static final long RETRY_MILLIS = 1000;
    static final int MAX_STREAMS_PER_SESSION = 4;
    /** A session keeps numbering this long after its last stream went away, so a reconnect has something to replay. */
    static final Duration KEEP_RUNNING = Duration.ofSeconds(30);
    /** An idle session is forgotten after this long. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    static final Duration INTERVAL = Duration.ofMillis(400);
    static final int HISTORY = 200;
    static final int MAX_SESSIONS = 64;

    private final Ticker ticker;
    private final Hub hub;
    private final EventStreams streams;
    private final int historySize;
    private final int maxSessions;
    private final Map<String, Session> sessions = new LinkedHashMap<>(); // guarded by this
    private final Ticker.Task task;

    public ResumableFeed(Ticker ticker, Hub hub, EventStreams streams) {
        this(ticker, hub, streams, INTERVAL, HISTORY, MAX_SESSIONS);
    }

    ResumableFeed(Ticker ticker, Hub hub, EventStreams streams, Duration interval, int historySize, int maxSessions) {
        this.ticker = ticker;
        this.hub = hub;
        this.streams = streams;
        this.historySize = historySize;
        this.maxSessions = maxSessions;
        this.task = ticker.every(interval, this::tick);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/sse/resume", this::subscribe);
        config.routes.post("/sse/resume/drop", this::drop);
    }

    // region subscribe
    private void subscribe(Context ctx) {
        String sessionId = sessionId(ctx);
        if (sessionId == null) {
            return;
        }
        // The browser sends the header on a reconnect; a page that makes a new EventSource
        // can only pass the id in the URL.
        String lastEventId = ctx.header("Last-Event-ID");
        String from = "header";
        if (lastEventId == null && ctx.queryParam("lastEventId") != null) {
            lastEventId = ctx.queryParam("lastEventId");
            from = "query";
        }
        synchronized (this) {
            Session session = sessionFor(sessionId);
            if (session == null) {
                ctx.status(503).result("Too many demo sessions are running on this server; try again in a few minutes.");
                return;
            }
            int answer = session.takeNextAnswer();
            if (answer == 204) {
                ctx.status(204); // the one answer that tells EventSource to stop, quietly
                return;
            }
            if (answer != 200) {
                ctx.status(answer).result("The demo was told to answer " + answer + " to this connection.");
                return;
            }
            if (session.streams.size() >= MAX_STREAMS_PER_SESSION) {
                ctx.status(429).result("This demo session already has " + MAX_STREAMS_PER_SESSION + " streams open.");
                return;
            }
            session.idleSince = 0;
            // No id: a fresh start. Any id at all goes by the room's one resume rule.
            long lastSeen = ClientIds.resumePoint(lastEventId);
            EventStreamSubscriber member = streams.member(ctx, hub, session.feed.room(), "resume", false);
            EventStream stream = member.stream();
            session.streams.add(stream);
            stream.whenClosed(() -> session.streams.remove(stream));
            stream.retry(RETRY_MILLIS);
            String id = lastEventId;
            String said = from;
            // The room replays what was missed and then goes live, under its own lock: no gap, no repeat.
            hub.join(session.feed.room(), member, lastSeen, (replay, newest) ->
                    stream.send(Long.toString(resumeAfter(lastSeen, replay, newest)), "hello",
                            hello(id, said, lastSeen, replay, newest)));
        }
    }
    // endregion

    /** Ends the session's streams; the browser reconnects, and gets the answer set here. */
    private void drop(Context ctx) {
        String sessionId = sessionId(ctx);
        if (sessionId == null) {
            return;
        }
        String next = ctx.queryParam("next") == null ? "200" : ctx.queryParam("next");
        if (!List.of("200", "204", "503").contains(next)) {
            ctx.status(400).result("next must be 200, 204 or 503");
            return;
        }
        List<EventStream> ended;
        synchronized (this) {
            Session session = sessions.get(sessionId);
            if (session == null) {
                ctx.status(404).result("No such demo session: start the feed first.");
                return;
            }
            session.nextAnswer = Integer.parseInt(next);
            ended = new ArrayList<>(session.streams);
        }
        ended.forEach(EventStream::close); // the server ends the response: to EventSource, end of stream
        ctx.result("Ended " + ended.size() + " stream(s); the next connection will be answered with " + next + ".");
    }

    private static String sessionId(Context ctx) {
        String id = ctx.queryParam("session");
        if (!ClientIds.isSessionId(id)) {
            ctx.status(400).result("session must be " + ClientIds.SESSION_ID_RULE);
            return null;
        }
        return id;
    }

    /** The session, new if need be; null when every slot holds a session that is in use. */
    private Session sessionFor(String id) {
        Session session = sessions.get(id);
        if (session != null) {
            return session;
        }
        if (sessions.size() >= maxSessions) {
            // Make room by forgetting the session that has been idle longest.
            sessions.values().stream()
                    .filter(s -> s.streams.isEmpty())
                    .min(Comparator.comparingLong(s -> s.idleSince))
                    .ifPresent(this::forget);
        }
        if (sessions.size() >= maxSessions || !hub.hasRoomFor("resume:" + id)) {
            return null;
        }
        session = new Session(id, hub.feed("resume:" + id, historySize, 256 * 1024));
        sessions.put(id, session);
        return session;
    }

    private void forget(Session session) {
        sessions.remove(session.id);
        session.feed.close();
    }

    // region publish
    /** Every session with a listener, or one that left less than {@link #KEEP_RUNNING} ago, gets its next number. */
    private synchronized void tick() {
        long now = ticker.millis();
        for (Session session : List.copyOf(sessions.values())) {
            if (!session.streams.isEmpty()) {
                session.idleSince = 0;
            } else if (session.idleSince == 0) {
                session.idleSince = now;
            }
            long idle = session.idleSince == 0 ? 0 : now - session.idleSince;
            if (idle > FORGET_AFTER.toMillis()) {
                forget(session);
            } else if (idle < KEEP_RUNNING.toMillis()) {
                // Nobody may be listening right now, but a reconnect will want these.
                session.feed.publish(null, Long::toString); // id = data = the number
            }
        }
    }
    // endregion

    // region replay
    /** Where the client's numbers continue after the hello: the last one it will have seen. */
    private static long resumeAfter(long lastSeen, History.Replay replay, long newest) {
        if (lastSeen < 0) {
            return newest; // a fresh start: live from the next number
        }
        return replay.complete() ? lastSeen : replay.resumeFrom(newest) - 1;
    }

    /** The hello tells the learner what the room's resume rule made of the id it was sent. */
    private static String hello(String lastEventId, String from, long lastSeen, History.Replay replay, long newest) {
        long resumeAfter = resumeAfter(lastSeen, replay, newest);
        long missed = 0;
        String note = null;
        if (lastSeen < 0) {
            note = "a fresh start: live from the next number";
        } else if (!replay.complete() && lastSeen > newest) {
            note = "not an id this feed sent: everything still kept is sent again, from " + (resumeAfter + 1);
        } else if (!replay.complete()) {
            // Too old: the history no longer has everything. Say so; do not pretend.
            missed = resumeAfter - lastSeen;
            note = "too old: events " + (lastSeen + 1) + " to " + resumeAfter + " are no longer kept";
        }
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("lastEventId", lastEventId == null ? null : shorten(lastEventId));
        hello.put("from", lastEventId == null ? null : from);
        hello.put("resumeAfter", resumeAfter);
        hello.put("replayed", replay.events().size());
        hello.put("missed", missed);
        hello.put("note", note);
        return Json.write(hello); // not Json.object: the page tells a fresh start by "lastEventId":null
    }
    // endregion

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    @Override
    public synchronized void close() {
        task.cancel();
        List.copyOf(sessions.values()).forEach(this::forget);
    }

    /** One demo page's feed: its room, held open by the feed, and its open streams (for the drop switch). */
    private static final class Session {
        final String id;
        final Hub.Feed feed;
        final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
        long idleSince; // ticker millis when the last stream left; 0 while one is open
        int nextAnswer = 200;

        Session(String id, Hub.Feed feed) {
            this.id = id;
            this.feed = feed;
        }

        int takeNextAnswer() {
            int answer = nextAnswer;
            nextAnswer = 200;
            return answer;
        }
    }
}
