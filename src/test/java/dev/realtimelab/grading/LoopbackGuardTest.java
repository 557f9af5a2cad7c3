package dev.realtimelab.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.security.OriginPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may grade and change files: this machine, from the course's own pages. */
class LoopbackGuardTest {
    final LoopbackGuard guard = new LoopbackGuard(OriginPolicy.loopback());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"})
    void loopbackAddressesAreLocal(String address) {
        assertTrue(LoopbackGuard.isLoopback(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.7", "172.16.0.1", "0.0.0.0", "::", "fe80::1", "::ffff:192.168.1.20",
        "2001:db8::1", "localhost", "evil.example", "", "128.0.0.1", "cafe"})
    void everythingElseIsRemote(String address) {
        assertFalse(LoopbackGuard.isLoopback(address), address);
    }

    @Test
    void aClientOnTheRoomsNetworkIsRefusedWithAClearReason() {
        String reason = guard.refusal("192.168.1.20", null, "http", 7070);
        assertEquals("Refused: checking, hints, solutions and resets work only on the computer that runs the course"
                + " (this request came from 192.168.1.20). Open the course there, at http://localhost:7070.", reason);
        // An allowed Origin does not make a remote client local.
        assertTrue(guard.refusal("192.168.1.20", "http://localhost:7070", "http", 7070).startsWith("Refused: checking"));
    }

    @Test
    void aLocalClientMayActFromTheCoursesPagesOrWithoutOrigin() {
        assertNull(guard.refusal("127.0.0.1", null, "http", 7070), "command-line clients send no Origin");
        assertNull(guard.refusal("127.0.0.1", "http://localhost:7070", "http", 7070));
        assertNull(guard.refusal("::1", "http://[::1]:7070", "http", 7070));
        assertNull(guard.refusal("127.0.0.1", "http://127.0.0.1:7070", "http", 7070));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "http://localhost:7071", "https://localhost:7070", "null", "http://localhost.evil.example:7070"})
    void aForeignOriginIsRefusedEvenOnThisMachine(String origin) {
        String reason = guard.refusal("127.0.0.1", origin, "http", 7070);
        assertEquals("Refused: this request came from a page of " + origin + ", not from the course itself;"
                + " only the course's own pages may grade or change exercise files.", reason);
    }
}
