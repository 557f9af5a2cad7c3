package dev.realtimelab.live;

import dev.realtimelab.testkit.TestSocket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.realtimelab.AppTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reconnect demo's sessions are capped. An app of its own: the full table would starve other tests. */
class ResumableSocketFeedLimitTest extends AppTest {
    static TestSocket connect(String session, long after) {
        return TestSocket.open(app, "/ws/resume?session=" + session + "&after=" + after);
    }

    static String newSession() {
        return UUID.randomUUID().toString();
    }

    @Test
    void theNumberOfSessionsIsBounded() throws Exception {
        List<TestSocket> open = new ArrayList<>();
        try {
            String refusal = null;
            for (int i = 0; i <= ResumableSocketFeed.MAX_SESSIONS && refusal == null; i++) {
                TestSocket socket = connect(newSession(), 0);
                open.add(socket);
                long deadline = System.currentTimeMillis() + 10_000;
                while (socket.inbox.all().isEmpty() && !socket.isClosed() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
                if (socket.isClosed()) {
                    refusal = socket.awaitClose().toString();
                } else {
                    assertEquals("hello", socket.inbox.all().get(0).path("type").asText());
                }
            }
            assertTrue(refusal != null && refusal.startsWith("1013"),
                    "a session beyond " + ResumableSocketFeed.MAX_SESSIONS + " is told to try again later: " + refusal);
        } finally {
            open.forEach(TestSocket::close);
        }
    }
}
