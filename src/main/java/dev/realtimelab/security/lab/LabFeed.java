package dev.realtimelab.security.lab;

import dev.realtimelab.live.EventStream;
import dev.realtimelab.live.EventStreams;
import dev.realtimelab.live.hub.Json;
import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "What the server saw": an event stream of notes the lab endpoints write as they are attacked
 * (which Origin came, whose cookie it carried, what was sent or refused, the access-log lines).
 * A lab widget shows it next to the attack, so the learner sees both sides. Each event has an
 * id, and a reconnecting EventSource gets what it missed from the recent history.
 */
final class LabFeed {
    private static final int HISTORY = 200;

    private record Note(long id, String lab, String kind, String text) {}

    private record Subscriber(String lab, EventStream stream) {}

    private final EventStreams streams;
    private final ArrayDeque<Note> history = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private long nextId = 1;

    LabFeed(EventStreams streams) {
        this.streams = streams;
    }

    /** {@code lab}: hijack, auth, input; {@code kind}: note, sent, refused or log. */
    void publish(String lab, String kind, String text) {
        Note note;
        synchronized (this) {
            note = new Note(nextId++, lab, kind, text);
            history.addLast(note);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        for (Subscriber subscriber : subscribers) {
            if (subscriber.lab().equals(lab)) {
                send(subscriber.stream(), note);
            }
        }
    }

    /** {@code GET /labs/feed?lab=ID}. */
    void open(Context ctx) {
        String lab = ctx.queryParam("lab");
        if (lab == null || !lab.matches("[a-z]{1,16}")) {
            ctx.status(400).result("name the lab: /labs/feed?lab=hijack");
            return;
        }
        long after = lastEventId(ctx.header("Last-Event-ID"));
        Subscriber[] self = new Subscriber[1];
        EventStream stream = streams.open(ctx, () -> subscribers.remove(self[0]));
        self[0] = new Subscriber(lab, stream);
        List<Note> missed;
        synchronized (this) {
            missed = history.stream().filter(n -> n.lab().equals(lab) && n.id() > after).toList();
            subscribers.add(self[0]);
        }
        missed.forEach(note -> send(stream, note));
    }

    private static long lastEventId(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void send(EventStream stream, Note note) {
        stream.send(String.valueOf(note.id()), note.kind(), Json.object("text", note.text()));
    }
}
