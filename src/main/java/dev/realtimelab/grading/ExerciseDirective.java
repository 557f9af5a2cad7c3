package dev.realtimelab.grading;

import dev.realtimelab.course.Directive;
import dev.realtimelab.course.LessonException;
import dev.realtimelab.course.LessonRenderer;

/**
 * {@code ```exercise ID}: an exercise card. The statement, the file to open and the Maven
 * command are in the page; the state, hints, verdicts and buttons come alive through
 * {@code /js/exercises.js} (the lesson is rendered once, so nothing per-learner is in here).
 */
public final class ExerciseDirective implements Directive {
    private final ExerciseCatalog catalog;

    public ExerciseDirective(ExerciseCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String render(Block block) {
        String id = block.argument();
        Exercise exercise = catalog.find(id).orElseThrow(() -> {
            if (!catalog.problemsOf(id).isEmpty()) {
                return new LessonException("exercise '" + id + "' cannot be shown: " + String.join("; ", catalog.problemsOf(id)));
            }
            return new LessonException("unknown exercise '" + id + "'"
                    + (catalog.ids().isEmpty() ? " (there are no exercises yet)" : " (known: " + String.join(", ", catalog.ids()) + ")"));
        });
        String statement = LessonRenderer.inline(exercise.statement());
        if (!statement.startsWith("<")) {
            statement = "<p>" + statement + "</p>";
        }
        String hints = String.valueOf(exercise.hints().size());
        String titleId = "exercise-" + escape(id) + "-title";
        return "<section class=\"exercise\" id=\"exercise-" + escape(id) + "\" data-exercise=\"" + escape(id) + "\" data-hints=\"" + hints
                + "\" aria-labelledby=\"" + titleId + "\">\n"
                + "<div class=\"exercise-head\"><p class=\"exercise-title\" id=\"" + titleId + "\"><span class=\"exercise-tag\">Exercise</span> "
                + escape(exercise.title()) + "</p><span class=\"exercise-state\" data-state=\"not-started\">not started</span></div>\n"
                + "<div class=\"exercise-body\">\n"
                + "<div class=\"exercise-statement\">" + statement + "</div>\n"
                + "<p class=\"exercise-file\">Open <code>" + escape(exercise.fileToOpen()) + "</code> in your editor. "
                + "Each time you save, the course grades it and the verdict appears below.</p>\n"
                + "<p class=\"exercise-command\">Or in a terminal: <code>" + escape(exercise.mavenCommand()) + "</code></p>\n"
                + "<div class=\"exercise-verdict\" aria-live=\"polite\">\n"
                + "<p class=\"verdict-status\">Not graded yet: save the file, or press \u201cCheck now\u201d.</p>\n"
                + "<progress class=\"verdict-progress\" max=\"1\" value=\"0\" hidden></progress>\n"
                + "<ul class=\"verdict-tests\"></ul>\n"
                + "<ul class=\"verdict-errors\"></ul>\n"
                + "<details class=\"verdict-output\" hidden><summary>What the code printed</summary><pre></pre></details>\n"
                + "</div>\n"
                + "<div class=\"exercise-actions\">\n"
                + "<button type=\"button\" class=\"exercise-check\">Check now</button>\n"
                + "<button type=\"button\" class=\"exercise-hint\">Show a hint (1 of " + hints + ")</button>\n"
                + "<button type=\"button\" class=\"exercise-solution-button\">Show the solution</button>\n"
                + "<button type=\"button\" class=\"exercise-reset\">Reset to the starter</button>\n"
                + "</div>\n"
                + "<ol class=\"exercise-hints\" aria-label=\"Hints\"></ol>\n"
                + "<div class=\"exercise-solution\" hidden></div>\n"
                + "<p class=\"exercise-note\" role=\"status\"></p>\n"
                + "<noscript><p class=\"exercise-note\">The live verdict needs JavaScript; "
                + "<code>" + escape(exercise.mavenCommand()) + "</code> grades it without.</p></noscript>\n"
                + "</div>\n"
                + "</section>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
