package dev.realtimelab.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real redis-server of the test's own, on a free loopback port, keeping nothing on disk.
 * Without redis-server the calling test is skipped with a message, or fails when CI is set.
 * {@link #stop} and {@link #start} again on the same port stand for an outage (and, as nothing
 * is saved, a Redis that comes back empty).
 */
public final class TestRedis implements AutoCloseable {
    public static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private final Path dir;
    private Process process;

    private TestRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts one, or skips the test (fails it under CI) when redis-server is not installed. */
    public static TestRedis start() {
        if (!new File(BINARY).canExecute()) {
            String message = "Redis tests need " + BINARY + " (Debian: apt-get install redis-server)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message + "; CI is set, so this is a failure");
            }
            Assumptions.abort(message + ": skipped");
        }
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TestRedis redis = new TestRedis(probe.getLocalPort(), Files.createTempDirectory("test-redis"));
            probe.close();
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server: " + e, e);
        }
    }

    /** Starts the server (again) on its port, and waits until it answers. */
    public void startAgain() {
        try {
            process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return;
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline || !process.isAlive()) {
                        throw new AssertionError("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot start redis-server: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the server at once, as a crash would. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
