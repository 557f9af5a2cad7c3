package dev.realtimelab.exercises.sseresume;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An event feed that a reconnecting EventSource can resume: it keeps the newest events in a
 * bounded buffer and replays what a client missed after its {@code Last-Event-ID}.
 *
 * <p>One monitor guards everything: publishers, the replay and the streams waiting for news.
 * A live stream is just a client that resumes again and again from the last id it was sent.
 */
public final class ResumableFeed {
    /** One published event; ids count up from 1. */
    public record Event(long id, String data) {
    }

    /** What a reconnecting client is owed: the events to replay, and whether some are missing. */
    public record Replay(List<Event> events, boolean gap) {
    }

    private final int capacity;
    private final ArrayDeque<Event> buffer = new ArrayDeque<>(); // oldest first
    private long lastId; // the id of the newest event, 0 before the first
    private boolean ended;

    /** A feed that keeps the newest {@code capacity} events for replay. */
    public ResumableFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Publishes one event (a single line of text) and returns the id it was given. */
    public synchronized long publish(String data) {
        if (ended) {
            throw new IllegalStateException("the feed has ended");
        }
        if (data.indexOf('\n') >= 0 || data.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("data must be a single line");
        }
        buffer.addLast(new Event(++lastId, data));
        if (buffer.size() > capacity) {
            buffer.removeFirst(); // the bound: a client further behind than this gets a gap
        }
        notifyAll(); // wake the streams waiting in serve()
        return lastId;
    }

    /** Ends the feed: no more events; open streams finish once they have sent everything. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The events after {@code lastEventId} (the header's value, maybe null), in order. */
    public synchronized Replay replayAfter(String lastEventId) {
        if (lastEventId == null || lastEventId.isEmpty()) {
            return new Replay(List.of(), false); // a new client starts with what comes next
        }
        long after = parseId(lastEventId);
        long oldestKept = buffer.isEmpty() ? lastId + 1 : buffer.peekFirst().id();
        if (after < oldestKept - 1 || after > lastId) {
            // Too old (evicted), from the future (a previous run of the server) or not ours at
            // all: we cannot resume exactly. Send what we have and say so, so the client can
            // reload the full state instead of silently missing events.
            return new Replay(List.copyOf(buffer), true);
        }
        return new Replay(buffer.stream().filter(event -> event.id() > after).toList(), false);
    }

    /**
     * Serves the feed to one client as a {@code text/event-stream}: first what it missed after
     * {@code lastEventId}, then every new event, until the feed ends. Answers 204 instead when
     * the feed has ended and the client has everything.
     */
    public void serve(HttpServletResponse response, String lastEventId) throws IOException, InterruptedException {
        Replay replay;
        long sentUpTo;
        long firstToSend;
        synchronized (this) {
            // Fix the client's place in the feed before the head goes out: whatever is
            // published after the client sees the head will reach it.
            replay = replayAfter(lastEventId);
            if (ended && replay.events().isEmpty()) {
                response.setStatus(204); // the one answer that stops EventSource reconnecting
                return;
            }
            sentUpTo = replay.events().isEmpty() ? lastId : replay.events().get(replay.events().size() - 1).id();
            firstToSend = replay.events().isEmpty() ? lastId + 1 : replay.events().get(0).id();
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        OutputStream out = response.getOutputStream();
        write(out, replay, firstToSend);
        out.flush();

        while (true) {
            synchronized (this) {
                while (!ended && lastId <= sentUpTo) {
                    wait(); // publish() and end() wake us
                }
                if (lastId <= sentUpTo) {
                    return; // ended, and the client has everything: end the response
                }
                replay = replayAfter(Long.toString(sentUpTo));
                firstToSend = replay.events().get(0).id();
                sentUpTo = lastId;
            }
            write(out, replay, firstToSend); // outside the lock: a slow client must not block publishers
            out.flush();
        }
    }

    /** Writes the replay; a gap first becomes a "gap" event whose data is the next id the client gets. */
    private static void write(OutputStream out, Replay replay, long firstToSend) throws IOException {
        StringBuilder text = new StringBuilder();
        if (replay.gap()) {
            // No id line: the client's last id stays as it was until the replayed events arrive.
            text.append("event: gap\ndata: ").append(firstToSend).append("\n\n");
        }
        for (Event event : replay.events()) {
            text.append("id: ").append(event.id()).append("\ndata: ").append(event.data()).append("\n\n");
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notOurs) {
            return -1; // below every id: treated as a gap
        }
    }
}
