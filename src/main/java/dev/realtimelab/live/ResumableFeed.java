package dev.realtimelab.live;

import dev.realtimelab.live.hub.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sse-resume demo: a numbered feed that resumes after {@code Last-Event-ID}.
 *
 * <ul>
 *   <li>{@code GET /sse/resume?session=S}: {@code retry: 1000}, then a {@code hello} event that
 *       reports the {@code Last-Event-ID} received and what was replayed, then the missed
 *       numbers from the buffer, then a new number every interval (id = data = the number).
 *       A new EventSource cannot send the header, so {@code &lastEventId=N} is accepted too.</li>
 *   <li>{@code POST /sse/resume/drop?session=S&next=200|204|503}: ends the session's streams and
 *       sets how the next connection of that session is answered.</li>
 * </ul>
 *
 * Every page makes up its own session id, so learners sharing a server never flip each other's
 * switches. Sessions, their streams and their buffers are all bounded.
 */
public final class ResumableFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableFeed.class);
    /** The id each demo page makes up for its session; {@link ResumableSocketFeed} takes the same. */
    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    static final String SESSION_ID_RULE = "8 to 64 characters of A-Z, a-z, 0-9, _ and -";
    static final long RETRY_MILLIS = 1000;
    static final int MAX_STREAMS_PER_SESSION = 4;
    /** A session keeps numbering this long after its last stream went away, so a reconnect has something to replay. */
    static final Duration KEEP_RUNNING = Duration.ofSeconds(30);
    /** An idle session is forgotten after this long. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final EventStreams streams;
    private final int bufferSize;
    private final int maxSessions;
    private final Map<String, Session> sessions = new LinkedHashMap<>(); // guarded by this
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-resume");
        t.setDaemon(true);
        return t;
    });

    /** A buffered event: the feed's ids are its sequence numbers. */
    record Event(long id, String data) {}

    /** What a (re)connecting client gets: where it resumes, what is replayed, what is lost. */
    record Replay(long resumeAfter, List<Event> events, long missed, String note) {}

    public ResumableFeed(EventStreams streams) {
        this(streams, Duration.ofMillis(400), 200, 64);
    }

    ResumableFeed(EventStreams streams, Duration interval, int bufferSize, int maxSessions) {
        this.streams = streams;
        this.bufferSize = bufferSize;
        this.maxSessions = maxSessions;
        timer.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("resume feed tick failed", e); // an escaped exception would stop every future tick
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/sse/resume", this::subscribe);
        config.routes.post("/sse/resume/drop", this::drop);
        config.events.serverStopping(this::close);
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
            if (session.subscribers.size() >= MAX_STREAMS_PER_SESSION) {
                ctx.status(429).result("This demo session already has " + MAX_STREAMS_PER_SESSION + " streams open.");
                return;
            }
            Replay replay = session.replayAfter(lastEventId);
            EventStream[] self = new EventStream[1];
            self[0] = streams.open(ctx, () -> session.subscribers.remove(self[0]));
            EventStream stream = self[0];
            stream.retry(RETRY_MILLIS);
            stream.send(Long.toString(replay.resumeAfter()), "hello", hello(lastEventId, from, replay));
            for (Event event : replay.events()) {
                stream.send(Long.toString(event.id()), null, event.data());
            }
            session.subscribers.add(stream); // under the same lock as publish(): no gap, no repeat
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
            ended = new ArrayList<>(session.subscribers);
        }
        ended.forEach(EventStream::close); // the server ends the response: to EventSource, end of stream
        ctx.result("Ended " + ended.size() + " stream(s); the next connection will be answered with " + next + ".");
    }

    private static String sessionId(Context ctx) {
        String id = ctx.queryParam("session");
        if (id == null || !SESSION_ID.matcher(id).matches()) {
            ctx.status(400).result("session must be " + SESSION_ID_RULE);
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
                    .filter(s -> s.subscribers.isEmpty())
                    .min(Comparator.comparingLong(s -> s.idleSince))
                    .ifPresent(s -> sessions.values().remove(s));
        }
        if (sessions.size() >= maxSessions) {
            return null;
        }
        session = new Session(bufferSize);
        sessions.put(id, session);
        return session;
    }

    private synchronized void tick() {
        long now = System.nanoTime();
        sessions.values().removeIf(session -> {
            if (!session.subscribers.isEmpty()) {
                session.idleSince = 0;
                session.publish();
                return false;
            }
            if (session.idleSince == 0) {
                session.idleSince = now;
            }
            long idle = now - session.idleSince;
            if (idle < KEEP_RUNNING.toNanos()) {
                session.publish(); // nobody listens right now, but a reconnect will want these
            }
            return idle > FORGET_AFTER.toNanos();
        });
    }

    private static String hello(String lastEventId, String from, Replay replay) {
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("lastEventId", lastEventId == null ? null : shorten(lastEventId));
        hello.put("from", lastEventId == null ? null : from);
        hello.put("resumeAfter", replay.resumeAfter());
        hello.put("replayed", replay.events().size());
        hello.put("missed", replay.missed());
        hello.put("note", replay.note());
        return Json.write(hello); // not Json.object: the page tells a fresh start by "lastEventId":null
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One demo page's feed: its numbers, the last ones kept for replay, its open streams. */
    private static final class Session {
        final ArrayDeque<Event> buffer = new ArrayDeque<>();
        final int bufferSize;
        final Set<EventStream> subscribers = ConcurrentHashMap.newKeySet();
        long lastId;
        long idleSince; // System.nanoTime() when the last stream left; 0 while one is open
        int nextAnswer = 200;

        Session(int bufferSize) {
            this.bufferSize = bufferSize;
        }

        int takeNextAnswer() {
            int answer = nextAnswer;
            nextAnswer = 200;
            return answer;
        }

        // region publish
        void publish() {
            Event event = new Event(++lastId, Long.toString(lastId));
            buffer.addLast(event);
            if (buffer.size() > bufferSize) {
                buffer.removeFirst(); // bounded: the oldest event falls out
            }
            subscribers.removeIf(stream -> !stream.send(Long.toString(event.id()), null, event.data()));
        }
        // endregion

        // region replay
        /** The buffered events after {@code lastEventId}, and how many it asked for that are gone. */
        Replay replayAfter(String lastEventId) {
            if (lastEventId == null || lastEventId.isEmpty()) {
                return new Replay(lastId, List.of(), 0, "a fresh start: live from the next number");
            }
            long after;
            try {
                after = Long.parseLong(lastEventId);
            } catch (NumberFormatException e) {
                after = -1;
            }
            if (after < 0 || after > lastId) {
                return new Replay(lastId, List.of(), 0, "not an id this feed sent: live from the next number");
            }
            long oldest = buffer.isEmpty() ? lastId + 1 : buffer.peekFirst().id();
            if (after + 1 < oldest) {
                // Too old: the buffer no longer has everything. Say so; do not pretend.
                return new Replay(oldest - 1, List.copyOf(buffer), oldest - 1 - after,
                        "too old: events " + (after + 1) + " to " + (oldest - 1) + " are no longer kept");
            }
            long from = after;
            return new Replay(after, buffer.stream().filter(e -> e.id() > from).toList(), 0, null);
        }
        // endregion
    }
}
