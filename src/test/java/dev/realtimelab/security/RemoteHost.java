package dev.realtimelab.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Another machine for tests that need a client that is not on loopback: a network namespace
 * this test makes itself, joined to this one by a veth pair with addresses of its own
 * (10.213.N.1 here, 10.213.N.2 there, a /30). It never uses the machine's real interface
 * address. Clients run inside it with curl. Create it before starting an app on 0.0.0.0, so
 * the app sees 10.213.N.1 among its interfaces. Without namespaces (no root, no ip tool) the
 * calling tests are skipped with a message, or fail when the CI variable is set.
 */
public final class RemoteHost implements AutoCloseable {
    private final String namespace;
    private final String hostSide;
    private final String serverAddress;
    private final String clientAddress;

    /** What curl saw: its exit code, the HTTP status (0 if none) and the response head and body. */
    public record Response(int exitCode, int status, String text) {}

    private RemoteHost(String namespace, String hostSide, String serverAddress, String clientAddress) {
        this.namespace = namespace;
        this.hostSide = hostSide;
        this.serverAddress = serverAddress;
        this.clientAddress = clientAddress;
    }

    public static RemoteHost create() {
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        String id = Long.toString(ProcessHandle.current().pid() % 10000) + "x" + n;
        String namespace = "rltest" + id;
        String hostSide = "rlh" + id;
        String peer = "rlp" + id;
        String server = "10.213." + n + ".1";
        String client = "10.213." + n + ".2";
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", namespace),
                List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", peer),
                List.of("ip", "link", "set", peer, "netns", namespace),
                List.of("ip", "addr", "add", server + "/30", "dev", hostSide),
                List.of("ip", "link", "set", hostSide, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", client + "/30", "dev", peer),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", peer, "up"),
                List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
        RemoteHost host = new RemoteHost(namespace, hostSide, server, client);
        for (List<String> step : steps) {
            Result result = run(step);
            if (result.exitCode != 0) {
                host.close();
                String message = "tests from another host need a network namespace (root and the ip tool); "
                        + String.join(" ", step) + " failed: " + result.output.strip();
                if (System.getenv("CI") != null) {
                    throw new AssertionError(message + "; CI is set, so this is a failure");
                }
                Assumptions.abort(message + ": skipped");
            }
        }
        return host;
    }

    /** The app's address as the other host reaches it (10.213.N.1). */
    public String serverAddress() {
        return serverAddress;
    }

    /** The other host's own address, as the app sees it in requests (10.213.N.2). */
    public String clientAddress() {
        return clientAddress;
    }

    /** {@code http://SERVER:port} + path. */
    public String url(int port, String path) {
        return "http://" + serverAddress + ":" + port + path;
    }

    /** Runs curl in the other host with {@code args} (add -X, -H, -d as needed); prints head and body. */
    public Response curl(String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "curl", "-s", "-i", "--max-time", "5"));
        command.addAll(List.of(args));
        Result result = run(command);
        int status = 0;
        String text = result.output;
        if (text.startsWith("HTTP/")) {
            String[] parts = text.split(" ", 3);
            status = Integer.parseInt(parts[1].strip());
        }
        return new Response(result.exitCode, status, text);
    }

    /**
     * A WebSocket handshake from the other host: the status the server answered (101 when it
     * upgraded; the connection is then dropped), or 0 when no answer came.
     */
    public int handshake(int port, String path, String origin, String... headers) {
        List<String> args = new ArrayList<>(List.of("--http1.1", "--max-time", "2", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
                "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "-H", "Origin: " + origin));
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        args.add(url(port, path));
        return curl(args.toArray(String[]::new)).status();
    }

    /** Starts {@code command} inside the other host, in the background (output discarded); the caller ends it. */
    public Process spawn(String... command) {
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        inside.addAll(List.of(command));
        try {
            return new ProcessBuilder(inside).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + inside + ": " + e, e);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    /** Deletes the veth pair (both ends) and the namespace. */
    @Override
    public void close() {
        run(List.of("ip", "link", "del", hostSide));
        run(List.of("ip", "netns", "del", namespace));
    }
}
