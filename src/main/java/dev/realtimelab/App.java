package dev.realtimelab;

import dev.realtimelab.course.Course;
import dev.realtimelab.course.CourseLoader;
import dev.realtimelab.course.Directive;
import dev.realtimelab.course.Includes;
import dev.realtimelab.course.LessonRenderer;
import dev.realtimelab.course.NotesDirective;
import dev.realtimelab.course.QuizDirective;
import dev.realtimelab.grading.ExerciseDirective;
import dev.realtimelab.grading.ExerciseRoutes;
import dev.realtimelab.grading.Exercises;
import dev.realtimelab.live.DemoDirective;
import dev.realtimelab.live.LiveDemos;
import dev.realtimelab.live.ScalingDemo;
import dev.realtimelab.live.hub.Backplane;
import dev.realtimelab.live.hub.Hub;
import dev.realtimelab.live.hub.RedisBackplane;
import dev.realtimelab.live.hub.Ticker;
import dev.realtimelab.live.transport.EventStreams;
import dev.realtimelab.security.AppSecurity;
import dev.realtimelab.security.OriginPolicy;
import dev.realtimelab.security.SecuritySettings;
import dev.realtimelab.web.Pages;
import dev.realtimelab.web.SecurityHeaders;
import dev.realtimelab.web.Views;
import dev.realtimelab.workshop.JoinAddresses;
import dev.realtimelab.workshop.Workshop;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the parts into one Javalin app. No logic of its own: it only wires. */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /**
     * How to run: {@code root} is the course folder (lessons/ and src/), {@code dev} reloads
     * templates, static files and lessons on change; {@code clock} is the time every feed, timer
     * and deadline of the app reads (tests move it forward instead of sleeping); {@code redis}
     * ({@code redis://HOST:PORT}, or null for none) shares the chat rooms with other instances;
     * {@code workshop} serves a room of attendees (see {@link Workshop}); {@code peerPort}, when
     * not 0, makes this the second instance of lesson 13's demo, which accepts the pages of the
     * first (served on that port) as its own.
     */
    public record Options(Path root, String host, int port, boolean dev, SecuritySettings security, Clock clock,
            String redis, boolean workshop, int peerPort) {
        public Options(Path root, String host, int port, boolean dev, SecuritySettings security) {
            this(root, host, port, dev, security, Clock.systemUTC(), null, false, 0);
        }

        public Options(Path root, String host, int port, boolean dev) {
            this(root, host, port, dev, SecuritySettings.defaults());
        }

        public Options withClock(Clock other) {
            return new Options(root, host, port, dev, security, other, redis, workshop, peerPort);
        }

        public Options withRedis(String url) {
            return new Options(root, host, port, dev, security, clock, url, workshop, peerPort);
        }

        /** Workshop mode: listens for a room of attendees, with an instructor on this machine. */
        public Options withWorkshop(boolean on) {
            return new Options(root, host, port, dev, security, clock, redis, on, peerPort);
        }

        /**
         * The second instance lesson 13's demo starts: loopback, {@code port}, the same Redis,
         * precompiled templates, no workshop, and the pages of the first (on {@code firstPort}) its own.
         */
        public Options secondInstance(int firstPort, int port) {
            // plain http, and the attack lab's origin on a random port: nothing of the first one's to collide with
            return new Options(root, "127.0.0.1", port, false, security.withTls(false).withLabPort(0), clock, redis, false, firstPort);
        }
    }

    private final Javalin javalin;
    private final CourseLoader course;
    private final AppSecurity security;
    private final Ticker ticker;
    private final Workshop workshop;

    private App(Javalin javalin, CourseLoader course, AppSecurity security, Ticker ticker, Workshop workshop) {
        this.javalin = javalin;
        this.course = course;
        this.security = security;
        this.ticker = ticker;
        this.workshop = workshop;
    }

    public static App start(Options options) {
        Path root = options.root().toAbsolutePath().normalize();
        Path lessonsDir = root.resolve("lessons");

        Exercises exercises = Exercises.open(root);
        Map<String, Directive> directives = Map.of(
                "quiz", new QuizDirective(),
                "demo", new DemoDirective(),
                "exercise", new ExerciseDirective(exercises.catalog()),
                "notes", new NotesDirective());
        LessonRenderer renderer = new LessonRenderer(directives, new Includes(root));
        CourseLoader course = new CourseLoader(lessonsDir, renderer, options.dev());
        course.current().problems().forEach(p -> LOG.warn("lesson problem: {}", p));

        Views views = options.dev()
                ? Views.fromSource(root.resolve("src/main/jte"), root.resolve("target/jte-dev-classes"))
                : Views.precompiled();
        // The one scheduler, the one hub and the app's event streams, shared by every part.
        Ticker ticker = new Ticker(options.clock());
        // In memory unless told to share the rooms with other instances through Redis.
        Backplane backplane = options.redis() == null ? Backplane.IN_MEMORY : RedisBackplane.connect(options.redis(), ticker);
        Hub hub = new Hub(backplane);
        EventStreams streams = new EventStreams(ticker);
        ExerciseRoutes exerciseRoutes = new ExerciseRoutes(exercises, course::current, hub, streams);
        Pages pages = new Pages(course::current, views, lessonsDir, exerciseRoutes::board);
        JoinAddresses joinAddresses = options.workshop() ? JoinAddresses.forBindAddress(options.host()) : null;
        OriginPolicy ownOrigins = options.workshop() ? OriginPolicy.forJoinAddresses(joinAddresses.hosts())
                : OriginPolicy.forBindAddress(options.host());
        OriginPolicy origins = options.peerPort() > 0 ? ownOrigins.withPeerPort(options.peerPort()) : ownOrigins;
        AppSecurity security = new AppSecurity(options.security(), origins, root, options.dev(), ticker, hub, streams);
        LiveDemos demos = new LiveDemos(ticker, hub, streams);
        // With Redis, lesson 13's page may start one more instance on it (the second one starts none).
        ScalingDemo scaling = new ScalingDemo(options.redis() == null || options.peerPort() > 0 ? null : (firstPort, port) -> {
            App second = App.start(options.secondInstance(firstPort, port));
            return new ScalingDemo.Instance(second.port(), second::stop);
        });
        // The page of the first instance reads the second one's event stream: its origin joins connect-src.
        Map<String, String> headers = SecurityHeaders.allowingConnectionsTo(scaling.secondOrigins());
        Workshop workshop = options.workshop()
                ? new Workshop(course::current, lessonsDir, hub, streams, ticker, views, joinAddresses) : null;

        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            if (options.dev()) {
                config.staticFiles.add(root.resolve("src/main/resources/static").toString(), Location.EXTERNAL);
            } else {
                config.staticFiles.add("/static", Location.CLASSPATH);
            }
            config.staticFiles.enableWebjars();

            config.http.asyncTimeout = 0; // event streams stay open until the client leaves

            config.routes.before(ctx -> headers.forEach(ctx::header));
            // guards, Origin allow-list, limits, Jetty's own error pages, TLS, security labs
            security.register(config, headers, pages::statusPage);
            config.events.serverStopping(security::close);
            demos.register(config);
            config.events.serverStopping(demos::close);
            scaling.register(config);
            config.events.serverStopping(scaling::close);
            exerciseRoutes.register(config);
            if (workshop != null) {
                workshop.register(config);
                config.events.serverStopping(workshop::close);
            }
            config.events.serverStopping(exercises::close);
            // Streams end before the server stops: a response completed after that loops in Javalin.
            config.events.serverStopping(streams::close);
            config.events.serverStopped(backplane::close);
            config.events.serverStopped(ticker::close);
            config.routes.get("/", pages::home);
            config.routes.get("/exercises", pages::exercises);
            config.routes.get("/lessons/{slug}", pages::lesson);
            config.routes.get("/lessons/assets/{name}", pages::asset);
            config.routes.get("/search", pages::search);
            config.routes.get("/search.json", pages::searchJson);

            config.routes.error(404, "html", pages::notFound);
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500);
                pages.serverError(ctx);
            });
        });
        javalin.start();
        security.started(javalin.port(), options.port() == 0);
        if (options.peerPort() == 0) {
            exercises.watch(ticker); // one watcher of the learner's files, even with a demo's second instance
        }
        if (workshop != null) {
            workshop.started("http", javalin.port());
        }
        return new App(javalin, course, security, ticker, workshop);
    }

    public Course course() {
        return course.current();
    }

    public int port() {
        return javalin.port();
    }

    public AppSecurity security() {
        return security;
    }

    /** The app's one scheduler: a test that moved the clock calls {@code ticker().runDue()}. */
    public Ticker ticker() {
        return ticker;
    }

    /** The workshop, when started in workshop mode; else null. */
    public Workshop workshop() {
        return workshop;
    }

    public void stop() {
        javalin.stop();
    }
}
