package dev.realtimelab.security.lab;

import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.transport.EventStreamSubscriber;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.shared.ClientIds;
import io.javalin.http.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "What the server saw": an event stream of notes the lab endpoints write as they are attacked
 * (which Origin came, whose cookie it carried, what was sent or refused, the access-log lines).
 * A lab widget shows it next to the attack, so the learner sees both sides. Each lab's notes go
 * into a hub room of their own, held open so they are kept while no widget is open; a stream
 * that opens or reconnects gets what it missed by the hub's resume rule.
 */
final class LabFeed implements AutoCloseable {
    private static final int HISTORY = 200;

    private final Hub hub;
    private final EventStreams streams;
    private final Map<String, Hub.Feed> feeds = new ConcurrentHashMap<>();

    LabFeed(Hub hub, EventStreams streams) {
        this.hub = hub;
        this.streams = streams;
    }

    private static String room(String lab) {
        return "lab:" + lab;
    }

    /** {@code lab}: hijack, auth, input; {@code kind}: note, sent, refused or log. */
    void publish(String lab, String kind, String text) {
        Hub.Feed feed;
        try {
            feed = feeds.computeIfAbsent(lab, name -> hub.feed(room(name), HISTORY, 256 * 1024));
        } catch (Hub.RoomsFullException e) {
            return; // a note nobody can be shown: the server is full of rooms
        }
        feed.publish(kind, seq -> Json.object("text", text));
    }

    /** {@code GET /labs/feed?lab=ID}. */
    void open(Context ctx) {
        String lab = ctx.queryParam("lab");
        if (lab == null || !lab.matches("[a-z]{1,16}")) {
            ctx.status(400).result("name the lab: /labs/feed?lab=hijack");
            return;
        }
        if (!hub.hasRoomFor(room(lab))) {
            ctx.status(503).result("The server has too many rooms open. Try again later.");
            return;
        }
        // A fresh widget wants every note still kept (after 0); a reconnect, what it missed.
        long after = Math.max(0, ClientIds.resumePoint(ctx.header("Last-Event-ID")));
        EventStreamSubscriber member = streams.member(ctx, hub, room(lab), "lab-feed", false);
        try {
            hub.join(room(lab), member, after);
        } catch (Hub.RoomsFullException e) {
            member.stream().close();
        }
    }

    @Override
    public void close() {
        feeds.values().forEach(Hub.Feed::close);
    }
}
