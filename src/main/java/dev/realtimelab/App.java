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
import dev.realtimelab.workshop.Attendance;
import dev.realtimelab.workshop.JoinAddresses;
import dev.realtimelab.workshop.WorkshopLink;
import dev.realtimelab.workshop.Workshop;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
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
            String redis, boolean workshop, WorkshopJoin join, int peerPort) {
        public Options(Path root, String host, int port, boolean dev, SecuritySettings security) {
            this(root, host, port, dev, security, Clock.systemUTC(), null, false, null, 0);
        }

        public Options(Path root, String host, int port, boolean dev) {
            this(root, host, port, dev, SecuritySettings.defaults());
        }

        public Options withClock(Clock other) {
            return new Options(root, host, port, dev, security, other, redis, workshop, join, peerPort);
        }

        public Options withRedis(String url) {
            return new Options(root, host, port, dev, security, clock, url, workshop, join, peerPort);
        }

        /** Workshop mode: listens for a room of attendees, with an instructor on this machine. */
        public Options withWorkshop(boolean on) {
            return new Options(root, host, port, dev, security, clock, redis, on, join, peerPort);
        }

        /** An attendee's copy: joins the instructor's workshop at start and reports its progress there. */
        public Options withJoin(WorkshopJoin request) {
            return new Options(root, host, port, dev, security, clock, redis, workshop, request, peerPort);
        }

        /**
         * The second instance lesson 13's demo starts: loopback, {@code port}, the same Redis,
         * precompiled templates, no workshop, and the pages of the first (on {@code firstPort}) its own.
         */
        public Options secondInstance(int firstPort, int port) {
            // plain http, and the attack lab's origin on a random port: nothing of the first one's to collide with
            return new Options(root, "127.0.0.1", port, false, security.withTls(false).withLabPort(0), clock, redis, false, null, firstPort);
        }
    }

    /** {@code --join URL --code CODE --name NAME}: the workshop to report to, its join code, the display name. */
    public record WorkshopJoin(String url, String code, String name) {}

    private final Javalin javalin;
    private final CourseLoader course;
    private final AppSecurity security;
    private final Ticker ticker;
    private final Workshop workshop;
    private final Attendance attendance;
    private final WorkshopLink link;
    private final String joinError;

    private App(Javalin javalin, CourseLoader course, AppSecurity security, Ticker ticker, Workshop workshop,
            Attendance attendance, WorkshopLink link, String joinError) {
        this.javalin = javalin;
        this.course = course;
        this.security = security;
        this.ticker = ticker;
        this.workshop = workshop;
        this.attendance = attendance;
        this.link = link;
        this.joinError = joinError;
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
        // Workshop part 2: the instructor's side (attendees' apps report to it) or the attendee's (it reports).
        List<Map<String, String>> exerciseColumns = exercises.catalog().exercises().stream()
                .map(e -> Map.of("id", e.id(), "title", e.title())).toList();
        Attendance attendance = workshop == null ? null : new Attendance(
                Attendance.stateFile(root), hub, ticker, streams, views,
                course::current, exerciseColumns, workshop::isInstructor);
        WorkshopLink link = workshop != null ? null : new WorkshopLink(hub, ticker, streams, exercises.progress(),
                () -> exerciseColumns.stream().map(e -> e.get("id")).toList(), slug -> course.current().lesson(slug).isPresent());

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
            // region workshop-part-2
            if (attendance != null) {
                attendance.register(config);
                config.events.serverStopping(attendance::close);
            }
            if (link != null) {
                link.register(config);
                config.events.serverStopping(link::close);
            }
            // endregion
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
        String joinError = link != null && options.join() != null
                ? link.join(options.join().url(), options.join().code(), options.join().name()) : null;
        return new App(javalin, course, security, ticker, workshop, attendance, link, joinError);
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

    /** The workshop's attendance (joins, progress dashboard, hands, questions), in workshop mode; else null. */
    public Attendance attendance() {
        return attendance;
    }

    /** This copy's link to an instructor's workshop, outside workshop mode; else null. */
    public WorkshopLink workshopLink() {
        return link;
    }

    /** Why the --join at start failed, or null. */
    public String joinError() {
        return joinError;
    }

    public void stop() {
        javalin.stop();
    }
}
