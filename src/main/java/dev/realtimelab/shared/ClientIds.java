package dev.realtimelab.shared;

import java.util.regex.Pattern;

/** Ids that clients send in URLs and headers, and the one way each is read. */
public final class ClientIds {
    private ClientIds() {}

    /** The id a demo page makes up for its own session, so learners sharing a server never meet. */
    public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    public static final String SESSION_ID_RULE = "8 to 64 characters of A-Z, a-z, 0-9, _ and -";
    /** What {@link #parseSeq} returns for text that is not a sequence number. */
    public static final long BAD_SEQ = -2;
    /**
     * The resume point of a client whose {@code Last-Event-ID} is no number at all. The hub's one
     * resume rule treats it like a number above the newest: a gap notice, then everything kept.
     */
    public static final long NOT_A_POSITION = Long.MAX_VALUE;

    public static boolean isSessionId(String id) {
        return id != null && SESSION_ID.matcher(id).matches();
    }

    /** A {@code Last-Event-ID} as a resume point: -1 when absent, {@link #NOT_A_POSITION} when not a number. */
    public static long resumePoint(String lastEventId) {
        long seq = parseSeq(lastEventId == null ? null : lastEventId.strip());
        return seq == BAD_SEQ ? NOT_A_POSITION : seq;
    }

    /** A sequence number from a query parameter or header: -1 when absent, {@link #BAD_SEQ} when not a number. */
    public static long parseSeq(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        if (text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return BAD_SEQ;
        }
        return Long.parseLong(text);
    }
}
