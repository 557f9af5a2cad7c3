package dev.realtimelab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The app's one-time tickets (lab 10's fixed flow), with a clock the test moves. */
class TicketsTest {
    static final String ORIGIN = "http://localhost:7070";

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final Tickets tickets = new Tickets(Duration.ofSeconds(30), clock);

    @Test
    void aTicketWorksOnceForItsSubject() {
        String ticket = tickets.issue("alice", ORIGIN);
        assertTrue(ticket.length() >= 32, "long enough not to be guessed");
        assertEquals(Optional.of("alice"), tickets.redeem(ticket, ORIGIN));
        assertEquals(Optional.empty(), tickets.redeem(ticket, ORIGIN));
    }

    @Test
    void anExpiredTicketFails() {
        String ticket = tickets.issue("alice", ORIGIN);
        clock.now = clock.now.plusSeconds(31);
        assertEquals(Optional.empty(), tickets.redeem(ticket, ORIGIN));
    }

    @Test
    void aTicketFromAnotherOriginFailsAndIsUsedUp() {
        String ticket = tickets.issue("alice", ORIGIN);
        assertEquals(Optional.empty(), tickets.redeem(ticket, "http://localhost:7071"));
        assertEquals(Optional.empty(), tickets.redeem(ticket, ORIGIN));
    }

    @Test
    void unknownOrMissingTicketsFailAndTicketsDiffer() {
        assertEquals(Optional.empty(), tickets.redeem("guess", ORIGIN));
        assertEquals(Optional.empty(), tickets.redeem(null, ORIGIN));
        assertNotEquals(tickets.issue("alice", ORIGIN), tickets.issue("alice", ORIGIN));
    }
}
