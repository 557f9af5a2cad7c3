package dev.realtimelab.workshop;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.realtimelab.shared.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the workshop server knows of the attendees who joined from their own copy of the course:
 * the join code, each attendee's name, ticket (kept as a hash) and last-known progress, the
 * hands up and the questions. All of it is in one small file, {@code .realtime-lab/workshop.json},
 * rewritten atomically ({@link AtomicFiles}) before anything is acknowledged, so a restart of the
 * workshop loses nothing an attendee or the instructor was told had arrived. Guarded by its own
 * lock; the caller persists with {@link #save()}.
 */
final class AttendanceBook {
    private static final Logger LOG = LoggerFactory.getLogger(AttendanceBook.class);
    static final String FILE_NAME = "workshop.json";
    /** Join codes read aloud and typed: no 0/O, 1/I/L. */
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One exercise as an attendee last reported it; {@code changedAt} in this server's clock. */
    record ExerciseState(String state, int attempts, long changedAt) {}

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Member {
        String id;
        String name;
        String ticketHash;
        long lastSeq;
        String lesson;
        long reportedAt;
        Map<String, ExerciseState> exercises = new LinkedHashMap<>();
        transient boolean online;
    }

    record Hand(String attendee, String name, String note, long raisedAt) {}

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Question {
        long id;
        String attendee;
        String name; // null when asked anonymously
        String text;
        Set<String> voters = new LinkedHashSet<>();
        boolean answered;
        boolean hidden;
        long askedAt;
    }

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
    static final class Document {
        int version = 1;
        String joinCode;
        boolean anonymousQuestions;
        long nextQuestion = 1;
        List<Member> attendees = new ArrayList<>();
        List<Hand> hands = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    final Document state;
    private final Map<String, Member> byTicketHash = new LinkedHashMap<>();
    private final Map<String, Member> byId = new LinkedHashMap<>();
    // group commit: one writer at a time; changes made meanwhile go out with its next write
    private boolean writing;
    private long changes;
    private long saved;

    /**
     * A restart within this time takes up the workshop where it was; an older file is last
     * week's workshop: kept aside, and this one starts afresh.
     */
    static final java.time.Duration RESUMES_WITHIN = java.time.Duration.ofHours(12);

    /** Reads {@code file} if it is there and recent (a restart), else starts a workshop with a fresh join code. */
    AttendanceBook(Path file) {
        this.file = file;
        Document loaded = null;
        if (Files.isRegularFile(file) && isOld(file)) {
            Path aside = file.resolveSibling("workshop-until-" + Instant.ofEpochMilli(file.toFile().lastModified())
                    .toString().replace(':', '-') + ".json");
            try {
                Files.move(file, aside);
                LOG.info("{} is from an earlier workshop: kept as {}; this one starts afresh", file, aside.getFileName());
            } catch (IOException e) {
                LOG.warn("could not move {} aside: {}", file, e.getMessage());
            }
        }
        if (Files.isRegularFile(file)) {
            try {
                loaded = json.readValue(Files.readString(file, StandardCharsets.UTF_8), Document.class);
            } catch (IOException e) {
                Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + Instant.now().toEpochMilli());
                LOG.warn("{} cannot be read ({}); moved to {}, the workshop starts afresh", file, e.getMessage(), aside.getFileName());
                try {
                    Files.move(file, aside);
                } catch (IOException moveFailed) {
                    LOG.warn("could not move {} aside: {}", file, moveFailed.getMessage());
                }
            }
        }
        this.state = loaded == null ? new Document() : loaded;
        if (state.joinCode == null) {
            state.joinCode = newCode();
        }
        for (Member member : state.attendees) {
            byTicketHash.put(member.ticketHash, member);
            byId.put(member.id, member);
        }
    }

    private static boolean isOld(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(RESUMES_WITHIN));
        } catch (IOException e) {
            return false;
        }
    }

    static String newCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    static String hash(String ticket) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized boolean isCode(String offered) {
        String clean = offered == null ? "" : offered.strip().toUpperCase(java.util.Locale.ROOT);
        return Roster.sameSecret(clean, state.joinCode);
    }

    synchronized String joinCode() {
        return state.joinCode;
    }

    synchronized int size() {
        return state.attendees.size();
    }

    /** A new attendee bound to {@code name}; returns its ticket (only its hash is kept). */
    synchronized String admit(String name) {
        String ticket = Roster.randomToken();
        Member member = new Member();
        member.id = Roster.randomToken().substring(0, 12);
        member.name = name;
        member.ticketHash = hash(ticket);
        state.attendees.add(member);
        byTicketHash.put(member.ticketHash, member);
        byId.put(member.id, member);
        changes++;
        return ticket;
    }

    synchronized Member byTicket(String ticket) {
        return ticket == null ? null : byTicketHash.get(hash(ticket));
    }

    synchronized Member byId(String id) {
        return byId.get(id);
    }

    /** Runs {@code change} under the book's lock and counts it as a change to save. */
    synchronized <T> T change(java.util.function.Supplier<T> change) {
        T result = change.get();
        changes++;
        return result;
    }

    /** Runs {@code read} under the book's lock, changing nothing. */
    synchronized <T> T read(java.util.function.Supplier<T> read) {
        return read.get();
    }

    // region save
    /**
     * Writes every change made so far to the file before returning. Callers that arrive while
     * another thread writes wait for that write and, if their change came after it started, for
     * the next one, which carries all changes made meanwhile: a burst of 300 reports is a few
     * writes, not 300.
     */
    void save() throws IOException {
        long mine;
        synchronized (this) {
            mine = changes;
        }
        while (true) {
            byte[] bytes;
            long upTo;
            synchronized (this) {
                while (writing && saved < mine) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while saving", e);
                    }
                }
                if (saved >= mine) {
                    return;
                }
                writing = true;
                upTo = changes;
                bytes = json.writeValueAsBytes(state); // a snapshot taken under the lock: never half a change
            }
            try {
                AtomicFiles.replace(file, bytes); // the slow part (a forced write), outside the lock
                synchronized (this) {
                    saved = Math.max(saved, upTo);
                }
            } finally {
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
            }
        }
    }
    // endregion
}
