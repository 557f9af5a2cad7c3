package dev.realtimelab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import dev.realtimelab.testkit.TestClock;

/** The real app on a random port, as the packaged jar runs it (precompiled templates). */
public final class TestApp implements AutoCloseable {
    public static final Path ROOT = Path.of("").toAbsolutePath();

    private final App app;
    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestApp() {
        this(ROOT, dev.realtimelab.security.SecuritySettings.defaults());
    }

    /** The app on another course folder (a temporary copy of a fixture, say). */
    public TestApp(Path root) {
        this(root, dev.realtimelab.security.SecuritySettings.defaults());
    }

    /** The app with other limits or TLS (security tests). */
    public TestApp(dev.realtimelab.security.SecuritySettings security) {
        this(ROOT, security);
    }

    private TestApp(Path root, dev.realtimelab.security.SecuritySettings security) {
        this(new App.Options(root, "127.0.0.1", 0, false, security));
    }

    private TestApp(App.Options options) {
        this(options, true);
    }

    private TestApp(App.Options options, boolean testClock) {
        this.app = App.start(testClock ? options.withClock(clock) : options);
    }

    /** A workshop on another course folder (a fixture copy whose .realtime-lab/ the test may read and restart on). */
    public static TestApp workshopOn(Path root) {
        return workshopOn(root, 0);
    }

    /** The same on a given port (0: any), so a test can restart it where its attendees' apps look for it. */
    public static TestApp workshopOn(Path root, int port) {
        return new TestApp(new App.Options(root, "127.0.0.1", port, false, dev.realtimelab.security.SecuritySettings.defaults())
                .withWorkshop(true));
    }

    /**
     * An attendee's own copy of the course on {@code root}, on the real clock (its exercise watcher
     * grades each save as it happens), joining the workshop with {@code join} at start (or null).
     */
    public static TestApp attendee(Path root, App.WorkshopJoin join) {
        return attendee(root, join, false);
    }

    /** The same, on a clock the test moves ({@link #advance}) when it waits for the link's timers. */
    public static TestApp attendee(Path root, App.WorkshopJoin join, boolean testClock) {
        return new TestApp(new App.Options(root, "127.0.0.1", 0, false, dev.realtimelab.security.SecuritySettings.defaults())
                .withJoin(join), testClock);
    }

    /** An instance whose chat rooms are shared through the Redis at {@code url}: start two for two instances. */
    public static TestApp withRedis(String url) {
        return new TestApp(new App.Options(ROOT, "127.0.0.1", 0, false, dev.realtimelab.security.SecuritySettings.defaults())
                .withRedis(url));
    }

    /** The app in workshop mode, listening on {@code host} (127.0.0.1, or 0.0.0.0 for remote clients). */
    public static TestApp workshop(String host) {
        return new TestApp(new App.Options(ROOT, host, 0, false, dev.realtimelab.security.SecuritySettings.defaults()).withWorkshop(true));
    }

    /** The running app itself, for tests that need its parts (security().webSocketPaths(), ...). */
    public App app() {
        return app;
    }

    /** The course exactly as the running app parsed it. */
    public dev.realtimelab.course.Course course() {
        return app.course();
    }

    /**
     * Moves the app's clock forward and runs what the ticker had due by then: a test that waits
     * for a timer jumps to it instead of sleeping. Steps of {@code step}, so a periodic task runs
     * once per step (the ticker skips runs a jump missed).
     */
    public void advance(Duration by, Duration step) {
        for (long done = 0; done < by.toMillis(); done += step.toMillis()) {
            clock.advance(Duration.ofMillis(Math.min(step.toMillis(), by.toMillis() - done)));
            app.ticker().runDue();
        }
    }

    public void advance(Duration by) {
        advance(by, by);
    }

    public int port() {
        return app.port();
    }

    /** {@code http://localhost:PORT} + path: the origin the app serves its pages from. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    public URI uri(String path) {
        return URI.create(url(path));
    }

    public URI wsUri(String path) {
        return URI.create("ws://localhost:" + port() + path);
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
