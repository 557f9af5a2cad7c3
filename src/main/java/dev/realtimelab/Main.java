package dev.realtimelab;

import dev.realtimelab.grading.ExerciseCli;
import dev.realtimelab.grading.Exercises;
import dev.realtimelab.security.SecuritySettings;
import io.javalin.util.JavalinBindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The command line. {@code serve} (the default) runs the course; options: {@code --port N}
 * (or the PORT variable), {@code --host ADDRESS} (127.0.0.1 unless told), {@code --root DIR},
 * {@code --tls} (also serve https:// and wss:// with a self-signed certificate), {@code --lab-port N}
 * (the security lab's second origin; the course's port + 1 unless told), {@code --max-sockets N} and
 * {@code --max-sockets-per-address N} (WebSockets open at once; 2048 and 256 unless told; the
 * cap on TCP connections, 4096, grows with the first, and the per-address caps on TCP
 * connections and requests in progress with the second), {@code
 * --message-rate N} (messages a second one WebSocket may send, in bursts of up to 2N; 100 unless
 * told: raise it to measure a closed-loop echo client), {@code --redis redis://HOST:PORT} (or the
 * REDIS_URL variable: share the chat rooms with other instances of the app through Redis),
 * {@code --join URL --code CODE --name NAME} (an attendee's copy joins the instructor's workshop
 * and reports, visibly, the lesson read and each exercise's state; the home page can do it too).
 * {@code workshop} serves a room: it listens on every interface (0.0.0.0 unless --host), prints
 * each join address with a QR code, and a one-time login link for the instructor.
 * {@code list}, {@code check ID} and {@code hint ID} work on the exercises without a browser.
 */
public final class Main {
    static final int DEFAULT_PORT = 7070;

    private Main() {}

    public static void main(String[] args) {
        try {
            System.exit(run(List.of(args)));
        } catch (UsageException e) {
            System.err.println("realtime-lab: " + e.getMessage());
            System.err.println("usage: realtime-lab [serve | workshop | list | check ID | hint ID] [--port N] [--host ADDRESS]"
                    + " [--root DIR] [--tls] [--lab-port N] [--max-sockets N] [--max-sockets-per-address N]"
                    + " [--message-rate N] [--redis redis://HOST:PORT] [--join URL --code CODE --name NAME]");
            System.exit(2);
        }
    }

    static int run(List<String> arguments) {
        Deque<String> args = new ArrayDeque<>(arguments);
        String command = !args.isEmpty() && !args.peek().startsWith("--") ? args.pop() : "serve";
        String exerciseId = null;
        if (command.equals("check") || command.equals("hint")) {
            if (args.isEmpty() || args.peek().startsWith("--")) {
                throw new UsageException(command + " needs an exercise id (realtime-lab list shows them)");
            }
            exerciseId = args.pop();
        }
        int port = portFrom(System.getenv("PORT"), "the PORT variable", DEFAULT_PORT);
        String host = command.equals("workshop") ? "0.0.0.0" : "127.0.0.1";
        Path root = Path.of("").toAbsolutePath();
        SecuritySettings security = SecuritySettings.defaults();
        String redis = blankToNull(System.getenv("REDIS_URL"));
        String joinUrl = null;
        String joinCode = null;
        String joinName = null;
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--port" -> port = portFrom(value(args, option), "--port", port);
                case "--host" -> host = value(args, option);
                case "--root" -> root = Path.of(value(args, option)).toAbsolutePath();
                case "--tls" -> security = security.withTls(true);
                case "--lab-port" -> security = security.withLabPort(portFrom(value(args, option), "--lab-port", 0));
                case "--max-sockets" -> {
                    int total = count(value(args, option), option);
                    // The TCP backstop must leave room for that many sockets and as many event streams.
                    security = security.withSocketCaps(total, security.maxSocketsPerAddress()).withMaxConnections(
                            Math.max(security.maxConnections(), (int) Math.min(Integer.MAX_VALUE, 2L * total + 64)));
                }
                case "--max-sockets-per-address" -> {
                    int perAddress = count(value(args, option), option);
                    SecuritySettings.PerAddress caps = security.perAddress();
                    // One address may then hold that many sockets, and as many event streams, on its connections.
                    security = security.withSocketCaps(security.maxSockets(), perAddress).withPerAddress(new SecuritySettings.PerAddress(
                            Math.max(caps.connections(), (int) Math.min(Integer.MAX_VALUE, 2L * perAddress + 64)),
                            Math.max(caps.requests(), perAddress), caps.uploads(), caps.rooms()));
                }
                case "--message-rate" -> security = security.withMessageRate(count(value(args, option), option));
                case "--redis" -> redis = value(args, option);
                case "--join" -> joinUrl = value(args, option);
                case "--code" -> joinCode = value(args, option);
                case "--name" -> joinName = value(args, option);
                default -> throw new UsageException("unknown option " + option);
            }
        }
        if (!Files.isDirectory(root.resolve("lessons"))) {
            System.err.println("realtime-lab: no lessons/ folder in " + root
                    + ": run it from the course folder, or pass --root DIR");
            return 1;
        }
        if (redis != null && !redis.matches("rediss?://[^\\s]+")) {
            throw new UsageException("--redis (or REDIS_URL) must look like redis://HOST:PORT, not '" + redis + "'");
        }
        if ((joinUrl != null || joinCode != null || joinName != null) && (joinUrl == null || joinCode == null || joinName == null)) {
            throw new UsageException("--join URL needs --code CODE and --name NAME (the code is on the instructor's screen)");
        }
        if (joinUrl != null && !command.equals("serve")) {
            throw new UsageException("--join is for the course on your own laptop (serve), not for " + command);
        }
        App.WorkshopJoin join = joinUrl == null ? null : new App.WorkshopJoin(joinUrl, joinCode, joinName);
        return switch (command) {
            case "serve" -> serve(new App.Options(root, host, port, isDevCheckout(root), security).withRedis(redis).withJoin(join));
            case "workshop" -> serve(new App.Options(root, host, port, isDevCheckout(root), security).withRedis(redis)
                    .withWorkshop(true));
            case "list", "check", "hint" -> exercises(command, exerciseId, root);
            default -> throw new UsageException("unknown command " + command);
        };
    }

    private static int exercises(String command, String id, Path root) {
        try (Exercises exercises = Exercises.open(root)) {
            ExerciseCli cli = new ExerciseCli(exercises, System.out);
            return switch (command) {
                case "check" -> cli.check(id);
                case "hint" -> cli.hint(id);
                default -> cli.list();
            };
        } catch (Exercises.UnknownExercise e) {
            System.err.println("realtime-lab: " + e.getMessage());
            return 1;
        }
    }

    private static int serve(App.Options options) {
        App app;
        try {
            app = App.start(options);
        } catch (IllegalStateException e) {
            if (options.redis() == null) {
                throw e;
            }
            System.err.println("realtime-lab: " + e.getMessage() + " (start redis-server, or leave out --redis)");
            return 1;
        } catch (JavalinBindException e) {
            System.err.println("realtime-lab: port " + options.port() + " is already in use"
                    + " (another copy of the course?): stop it, or pass --port N");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        String shownHost = options.host().equals("127.0.0.1") || options.host().equals("0.0.0.0") ? "localhost" : options.host();
        System.out.println("Realtime Lab is running: open http://" + shownHost + ":" + app.port()
                + (options.dev() ? "   (dev mode: lessons and templates reload on change)" : ""));
        if (options.redis() != null) {
            System.out.println("  chat rooms are shared through Redis at " + options.redis());
        }
        if (options.security().tls()) {
            System.out.println("  and over TLS: https://" + shownHost + ":" + app.port()
                    + " (self-signed certificate: the browser warns once; see lesson 11)");
        }
        if (app.workshop() != null) {
            System.out.println(app.workshop().banner());
        }
        if (app.attendance() != null) {
            System.out.println("Attendees who run the course on their laptops join with the code " + app.attendance().joinCode()
                    + " (on their home page, or: java -jar target/realtime-lab.jar --join JOIN-ADDRESS --code "
                    + app.attendance().joinCode() + " --name NAME).\nTheir progress: http://localhost:" + app.port()
                    + "/workshop/instructor/dashboard (after the login link)");
        }
        if (options.join() != null) {
            System.out.println(app.joinError() != null ? "realtime-lab: " + app.joinError()
                    : "Joined the workshop at " + options.join().url() + " as " + options.join().name()
                    + ": this copy shares the lesson you read and each exercise's state (never your code) until you press"
                    + " \"Stop sharing\" on the home page.");
        }
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Dev mode when running from a source checkout (exec:java), not from the packaged jar. */
    private static boolean isDevCheckout(Path root) {
        String codeSource = Main.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return !codeSource.endsWith(".jar") && Files.isDirectory(root.resolve("src/main/jte"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String value(Deque<String> args, String option) {
        if (args.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    private static int portFrom(String text, String source, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(source + " must be a port number from 0 to 65535, not '" + text + "'");
    }

    private static int count(String text, String option) {
        try {
            int count = Integer.parseInt(text.strip());
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a whole number above 0, not '" + text + "'");
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
