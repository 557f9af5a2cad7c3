package dev.realtimelab.workshop;

import dev.realtimelab.course.SpeakerMaterial.PollQuestion;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.Json;
import dev.realtimelab.live.hub.Ticker;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the room shows: the lesson and section the instructor is at, and the poll, if any.
 * Every change publishes the whole state as one event of the room's follow channel, so the
 * newest event alone says everything: a reconnecting page asks the hub for the events after
 * the last one it saw (its Last-Event-ID), a new page for the newest one, and either lands
 * where the instructor is. Votes go to the instructor's channel only, until the reveal.
 */
final class Presentation {
    /** Room names with a ':' pass no public endpoint's name check, so only the workshop reaches them. */
    static final String FOLLOW = "workshop:follow";
    static final String INSTRUCTOR = "workshop:instructor";

    /**
     * Votes arrive in bursts (a room answers within seconds): the tally goes out at most this
     * often, so the instructor's stream carries a few full tallies, not one per vote, and is
     * never cut off for falling behind.
     */
    static final long TALLY_MILLIS = 50;

    private final Hub hub;
    private final Ticker ticker;
    private final java.util.function.IntSupplier attendees;
    private final java.util.function.Supplier<Object> remote;
    private final long startedAt = System.currentTimeMillis();
    private String lesson;
    private String section = "";
    private long lessonStartedAt = startedAt;
    private long lastSeq;
    private long lastTallySeq;
    private boolean tallyPending;
    private int pollCount;
    private Poll poll;

    /** A poll: one question, one vote per attendee (a new vote replaces the old one). */
    private static final class Poll {
        final int id;
        final String lesson;
        final PollQuestion question;
        final Map<String, Integer> votes = new LinkedHashMap<>();
        boolean open = true;
        boolean revealed;

        Poll(int id, String lesson, PollQuestion question) {
            this.id = id;
            this.lesson = lesson;
            this.question = question;
        }

        int[] counts() {
            int[] counts = new int[question.answers().size()];
            votes.values().forEach(answer -> counts[answer]++);
            return counts;
        }
    }

    /** {@code attendees}: how many have joined; {@code remote}: the phone remote's state; both for the instructor's channel. */
    Presentation(Hub hub, Ticker ticker, String firstLesson, java.util.function.IntSupplier attendees,
            java.util.function.Supplier<Object> remote) {
        this.hub = hub;
        this.ticker = ticker;
        this.attendees = attendees;
        this.remote = remote;
        this.lesson = firstLesson;
    }

    // region move
    /** Moves the room; only the instructor's routes call this. */
    synchronized void move(String lesson, String section) {
        if (!lesson.equals(this.lesson)) {
            lessonStartedAt = System.currentTimeMillis();
        }
        this.lesson = lesson;
        this.section = section;
        publish();
    }
    // endregion

    synchronized void launch(String lesson, PollQuestion question) {
        poll = new Poll(++pollCount, lesson, question);
        publish();
        publishTally();
    }

    /** Records a vote; false when there is no such open poll or answer. */
    synchronized boolean vote(String attendeeId, int pollId, int answer) {
        if (poll == null || poll.id != pollId || !poll.open || answer < 0 || answer >= poll.question.answers().size()) {
            return false;
        }
        poll.votes.put(attendeeId, answer);
        if (!tallyPending) {
            tallyPending = true;
            ticker.after(java.time.Duration.ofMillis(TALLY_MILLIS), this::publishTally);
        }
        return true;
    }

    /** Shows everyone the results and the explanations; voting ends. False without a poll. */
    synchronized boolean reveal() {
        if (poll == null) {
            return false;
        }
        poll.open = false;
        poll.revealed = true;
        publish();
        return true;
    }

    /** Takes the poll off everyone's screen. */
    synchronized void endPoll() {
        poll = null;
        publish();
        publishTally();
    }

    /** The sequence number of the newest state event: a new page starts from it. */
    synchronized long lastSeq() {
        return lastSeq;
    }

    /** The sequence number of the newest event of the instructor's channel. */
    synchronized long lastTallySeq() {
        return lastTallySeq;
    }

    synchronized String lesson() {
        return lesson;
    }

    // region publish
    /** Publishes the whole state: what every follower sees. Results only once revealed. */
    synchronized void publish() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("lesson", lesson);
        state.put("section", section);
        state.put("startedAt", startedAt);
        state.put("lessonStartedAt", lessonStartedAt);
        if (poll != null) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("id", poll.id);
            shown.put("question", poll.question.text());
            shown.put("answers", poll.question.answers());
            shown.put("open", poll.open);
            shown.put("revealed", poll.revealed);
            if (poll.revealed) {
                shown.put("counts", poll.counts());
                shown.put("correct", poll.question.correct());
                shown.put("explanations", poll.question.explanations());
            }
            state.put("poll", shown);
        }
        lastSeq = hub.publish(FOLLOW, "instructor", Json.write(state)).seq();
    }

    /** The live tally and the number of attendees, to the instructor's channel only. */
    synchronized void publishTally() {
        tallyPending = false;
        Object tally = poll == null ? null : Map.of("id", poll.id, "lesson", poll.lesson, "number", poll.question.number(),
                "question", poll.question.text(), "answers", poll.question.answers(), "correct", poll.question.correct(),
                "counts", poll.counts(), "voters", poll.votes.size(), "open", poll.open, "revealed", poll.revealed);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("attendees", attendees.getAsInt());
        event.put("poll", tally);
        event.put("remote", remote.get());
        lastTallySeq = hub.publish(INSTRUCTOR, "workshop", Json.write(event)).seq();
    }
    // endregion
}
