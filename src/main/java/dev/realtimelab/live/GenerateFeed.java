package dev.realtimelab.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStream;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.shared.ClientIds;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Lesson 08's "SSE without EventSource": text generated word by word, the way text generation
 * APIs stream, answered to what EventSource cannot send, a {@code POST} with a JSON body and an
 * {@code Authorization} header. {@code POST /sse/generate} starts a generation and streams it;
 * {@code POST /sse/generate/{id}} with {@code Last-Event-ID} resumes it, for the same token only.
 *
 * <p>Each generation is a source that publishes into a hub room of its own on the ticker, and
 * each request reading it is a member, so a resume is the room's history like any other. The
 * words are canned: the point is the transport, not the text. A real API would check the token;
 * this one only shows that it arrives, and keeps a generation to the token that started it.
 */
public final class GenerateFeed implements AutoCloseable {
    static final Duration WORD_EVERY = Duration.ofMillis(60);
    /** How long a finished generation can still be resumed. */
    static final Duration KEPT_FOR = Duration.ofSeconds(60);
    static final int MAX_GENERATIONS = 16;
    static final int MAX_PROMPT_CHARS = 200;
    static final Pattern BEARER = Pattern.compile("Bearer ([A-Za-z0-9._~+/-]{8,200}=*)");
    static final String ANSWER = "An event stream is just a response that does not end. This one answers a POST with a"
            + " JSON body and an Authorization header, two things EventSource cannot send, so the page reads it with"
            + " fetch() and a stream reader and parses the events itself. Each word is an event with an id. Drop the"
            + " connection and resume: the page sends Last-Event-ID as an ordinary header, and the server replays"
            + " what came after it from the room's history, so no word is lost and none arrives twice.";

    private final Ticker ticker;
    private final Hub hub;
    private final EventStreams streams;
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();

    /** One generation: its room, the token that started it (hashed), and the streams reading it. */
    private final class Generation {
        final String id;
        final byte[] tokenHash;
        final Hub.Feed feed;
        final List<EventStream> readers = new CopyOnWriteArrayList<>();
        final String[] words;
        final String text;
        int next;
        Ticker.Task task;

        Generation(String id, byte[] tokenHash, String prompt) {
            this.id = id;
            this.tokenHash = tokenHash;
            this.text = "You asked: " + prompt + (prompt.matches(".*[.?!]") ? " " : ". ") + ANSWER;
            this.words = text.split(" ");
            this.feed = hub.feed("feed:generate-" + id, words.length + 8, 64 * 1024);
        }

        /** The next word, or the end: then the generation is kept a while for resumes, and closed. */
        void step() {
            if (next < words.length) {
                String word = words[next] + (next + 1 < words.length ? " " : "");
                next++;
                feed.publish("token", seq -> Json.object("text", word));
                return;
            }
            task.cancel();
            feed.publish("done", seq -> Json.object("words", words.length, "text", text));
            ticker.after(KEPT_FOR, this::close);
        }

        void close() {
            task.cancel();
            generations.remove(id, this);
            readers.forEach(EventStream::close);
            feed.close();
        }
    }

    public GenerateFeed(Ticker ticker, Hub hub, EventStreams streams) {
        this.ticker = ticker;
        this.hub = hub;
        this.streams = streams;
    }

    public void register(JavalinConfig config) {
        config.routes.post("/sse/generate", this::start);
        config.routes.post("/sse/generate/{id}", this::resume);
    }

    private void start(Context ctx) {
        byte[] token = bearerHash(ctx);
        if (token == null) {
            return;
        }
        String prompt;
        try {
            JsonNode body = Json.mapper().readTree(ctx.body());
            prompt = body == null ? "" : body.path("prompt").asText("").strip();
        } catch (java.io.IOException e) {
            prompt = "";
        }
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT_CHARS || prompt.chars().anyMatch(Character::isISOControl)) {
            ctx.status(400).result("Send {\"prompt\": \"...\"}: one line of 1 to " + MAX_PROMPT_CHARS + " characters.");
            return;
        }
        if (generations.size() >= MAX_GENERATIONS) {
            ctx.status(503).result("Too many generations are running; try again in a minute.");
            return;
        }
        String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        Generation generation;
        try {
            generation = new Generation(id, token, prompt);
        } catch (Hub.RoomsFullException e) {
            ctx.status(503).result("The server has too many rooms open; try again later.");
            return;
        }
        generations.put(id, generation);
        EventStream stream = read(ctx, generation, -1);
        // Not an id: line, so it does not move the client's resume point; only the words have ids.
        stream.send(null, "generation", Json.object("id", id, "resume", "/sse/generate/" + id));
        generation.task = ticker.every(WORD_EVERY, generation::step);
    }

    private void resume(Context ctx) {
        byte[] token = bearerHash(ctx);
        if (token == null) {
            return;
        }
        Generation generation = generations.get(ctx.pathParam("id"));
        if (generation == null) {
            ctx.status(204); // finished long ago, or never was: nothing more, ever
            return;
        }
        if (!MessageDigest.isEqual(token, generation.tokenHash)) {
            ctx.status(403).result("This generation belongs to another token.");
            return;
        }
        read(ctx, generation, ClientIds.resumePoint(ctx.header("Last-Event-ID")));
    }

    /** Opens the response as an event stream whose member reads the generation's room after {@code lastSeen}. */
    private EventStream read(Context ctx, Generation generation, long lastSeen) {
        String room = generation.feed.room();
        EventStreamSubscriber member = streams.member(ctx, hub, room, "reader", false);
        EventStream stream = member.stream();
        generation.readers.add(stream);
        stream.whenClosed(() -> generation.readers.remove(stream));
        hub.join(room, member, lastSeen);
        return stream;
    }

    /** The SHA-256 of the bearer token, or null after answering 401. */
    private static byte[] bearerHash(Context ctx) {
        String header = ctx.header("Authorization");
        var match = header == null ? null : BEARER.matcher(header);
        if (match == null || !match.matches()) {
            ctx.status(401).header("WWW-Authenticate", "Bearer").result("Send Authorization: Bearer <token>.");
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(match.group(1).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        generations.values().forEach(Generation::close);
    }
}
