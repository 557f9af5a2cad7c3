package dev.realtimelab.web;

import dev.realtimelab.course.Course;
import dev.realtimelab.course.Lesson;
import dev.realtimelab.grading.ExerciseRoutes;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The course's pages: home, lesson, exercises board, search, lesson assets, 404 and the error page. */
public final class Pages {
    private static final Pattern ASSET_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]*\\.(svg|png|jpg|webp)$");
    private static final int SEARCH_LIMIT = 20;

    private final Supplier<Course> course;
    private final Views views;
    private final Path assetsDir;
    private final Supplier<ExerciseRoutes.Board> board;

    public Pages(Supplier<Course> course, Views views, Path lessonsDir, Supplier<ExerciseRoutes.Board> board) {
        this.course = course;
        this.views = views;
        this.assetsDir = lessonsDir.resolve("assets").toAbsolutePath().normalize();
        this.board = board;
    }

    /** Every exercise of the course and where the learner stands. */
    public void exercises(Context ctx) {
        Course now = course.get();
        ctx.html(views.render("exercises.jte", Map.of("page", new Page("Exercises", now, null), "board", board.get())));
    }

    public void home(Context ctx) {
        Course now = course.get();
        ctx.html(views.render("home.jte", Map.of("page", new Page("WebSocket and Server-Sent Events, in Java", now, null))));
    }

    public void lesson(Context ctx) {
        Course now = course.get();
        Lesson lesson = now.lesson(ctx.pathParam("slug")).orElseThrow(NotFoundResponse::new);
        ctx.html(views.render("lesson.jte", Map.of("page", new Page(lesson.title(), now, lesson))));
    }

    public void search(Context ctx) {
        Course now = course.get();
        String query = queryOf(ctx);
        List<Course.Hit> hits = now.search(query, SEARCH_LIMIT);
        ctx.html(views.render("search.jte", Map.of("page", new Page("Search", now, null), "query", query, "hits", hits)));
    }

    /** The same search as JSON, for the search box's live results. */
    public void searchJson(Context ctx) {
        List<Map<String, String>> hits = course.get().search(queryOf(ctx), SEARCH_LIMIT).stream()
                .map(h -> Map.of("lesson", h.lesson().numberLabel() + " " + h.lesson().title(),
                        "heading", h.heading(), "snippet", h.snippet(), "href", h.href()))
                .toList();
        ctx.json(hits);
    }

    /** An image of lessons/assets; the name may not leave that folder. */
    public void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        if (!ASSET_NAME.matcher(name).matches()) {
            throw new NotFoundResponse();
        }
        Path file = assetsDir.resolve(name).normalize();
        if (!file.getParent().equals(assetsDir) || !Files.isRegularFile(file)) {
            throw new NotFoundResponse();
        }
        String type = switch (name.substring(name.lastIndexOf('.') + 1)) {
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            default -> "image/jpeg";
        };
        ctx.contentType(type);
        try (InputStream in = Files.newInputStream(file)) {
            ctx.result(in.readAllBytes());
        }
    }

    public void notFound(Context ctx) {
        ctx.html(views.render("notfound.jte", Map.of("page", new Page("Not found", course.get(), null))));
    }

    public void serverError(Context ctx) {
        ctx.html(views.render("error.jte", Map.of("page", new Page("Something went wrong", course.get(), null))));
    }

    /**
     * The page for a request refused before it reached a route (a bad URI, a body over the limit,
     * too many requests): the course's own look, what went wrong in a sentence, nothing internal.
     */
    public String statusPage(int status) {
        String[] text = switch (status) {
            case 400 -> new String[] {"Bad request", "The server could not read this request: its address or body is malformed."};
            case 408 -> new String[] {"Request too slow", "The request did not arrive in time."};
            case 413 -> new String[] {"Request too large", "Request bodies may be at most 64 KiB."};
            case 414 -> new String[] {"Address too long", "This address is longer than the server reads."};
            case 429 -> new String[] {"Too many requests", "Your address has too many requests or connections open. Close some, then try again."};
            case 431 -> new String[] {"Headers too large", "The request's headers are larger than the server reads."};
            case 404 -> new String[] {"Not found", "There is no page at this address."};
            default -> status >= 500
                    ? new String[] {"Something went wrong", "The course could not answer this request. The terminal running the course has the details."}
                    : new String[] {"Request refused", "The server could not answer this request."};
        };
        return views.render("error.jte", Map.of("page", new Page(text[0], course.get(), null), "message", text[1]));
    }

    private static String queryOf(Context ctx) {
        String q = ctx.queryParam("q");
        return q == null ? "" : q.strip().substring(0, Math.min(q.strip().length(), 200));
    }
}
