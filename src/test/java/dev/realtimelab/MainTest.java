package dev.realtimelab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** Runs the command line and returns what it printed on stderr, with its exit code. */
    record Outcome(int code, String stderr) {}

    static Outcome run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(List.of(args));
            return new Outcome(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aPortInUseGivesOneClearLineNotAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Outcome outcome = run("--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, outcome.code());
            assertTrue(outcome.stderr().contains("port " + taken.getLocalPort() + " is already in use"), outcome.stderr());
            assertTrue(!outcome.stderr().contains("\tat "), "no stack trace: " + outcome.stderr());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        var notANumber = assertThrows(Main.UsageException.class, () -> Main.run(List.of("--port", "seventy")));
        assertTrue(notANumber.getMessage().contains("--port must be a port number"), notANumber.getMessage());
        assertThrows(Main.UsageException.class, () -> Main.run(List.of("--colour", "red")));
        assertThrows(Main.UsageException.class, () -> Main.run(List.of("--port")));
        assertThrows(Main.UsageException.class, () -> Main.run(List.of("--message-rate", "none")));
        var noCode = assertThrows(Main.UsageException.class, () -> Main.run(List.of("--join", "http://10.0.0.5:7070/workshop", "--name", "Ada")));
        assertTrue(noCode.getMessage().contains("--code"), noCode.getMessage());
        assertThrows(Main.UsageException.class, () -> Main.run(List.of("workshop", "--join", "http://x:1", "--code", "A", "--name", "B")));
        var noCount = assertThrows(Main.UsageException.class, () -> Main.run(List.of("--max-sockets", "0")));
        assertTrue(noCount.getMessage().contains("--max-sockets must be a whole number above 0"), noCount.getMessage());
    }

    @Test
    void aFolderWithoutLessonsIsExplained(@TempDir Path empty) {
        Outcome outcome = run("--root", empty.toString());
        assertEquals(1, outcome.code());
        assertTrue(outcome.stderr().contains("no lessons/ folder in " + empty), outcome.stderr());
    }
}
