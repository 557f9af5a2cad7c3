package dev.realtimelab.course;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code ```quiz}: check-yourself questions written as YAML, answered in the page. Each question
 * has one correct answer, and every answer explains itself, right or wrong.
 */
public final class QuizDirective implements Directive {
    @Override
    public String render(Block block) {
        List<?> questions = parse(block.body());
        StringBuilder html = new StringBuilder("<section class=\"quiz\" aria-label=\"Check yourself\">\n")
                .append("<p class=\"quiz-title\">Check yourself</p>\n<ol class=\"quiz-questions\">\n");
        int number = 0;
        for (Object item : questions) {
            number++;
            Map<?, ?> question = asMap(item, "question " + number);
            String text = string(question, "question", "question " + number);
            List<?> answers = question.get("answers") instanceof List<?> list ? list : List.of();
            if (answers.size() < 2) {
                throw new LessonException("quiz question " + number + ": give at least two answers");
            }
            long correct = answers.stream().filter(a -> a instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("correct"))).count();
            if (correct != 1) {
                throw new LessonException("quiz question " + number + ": mark exactly one answer `correct: true` (found " + correct + ")");
            }
            html.append("<li class=\"quiz-question\">\n<p>").append(LessonRenderer.inline(text)).append("</p>\n<ul class=\"quiz-answers\">\n");
            int answerNumber = 0;
            for (Object a : answers) {
                answerNumber++;
                String where = "question " + number + ", answer " + answerNumber;
                Map<?, ?> answer = asMap(a, where);
                boolean right = Boolean.TRUE.equals(answer.get("correct"));
                html.append("<li><button type=\"button\" class=\"quiz-answer\" data-correct=\"").append(right).append("\">")
                        .append(LessonRenderer.inline(string(answer, "text", where)))
                        .append("</button>\n<p class=\"quiz-explain\" hidden>")
                        .append(right ? "Right. " : "Not quite. ")
                        .append(LessonRenderer.inline(string(answer, "explain", where)))
                        .append("</p></li>\n");
            }
            html.append("</ul>\n</li>\n");
        }
        return html.append("</ol>\n</section>").toString();
    }

    private static List<?> parse(String yaml) {
        Object parsed;
        try {
            parsed = new Yaml().load(yaml);
        } catch (YAMLException e) {
            throw new LessonException("quiz: not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new LessonException("quiz: write a YAML list of questions (- question: ... answers: ...)");
        }
        return list;
    }

    private static Map<?, ?> asMap(Object item, String where) {
        if (item instanceof Map<?, ?> map) {
            return map;
        }
        throw new LessonException("quiz " + where + ": expected keys, found " + item);
    }

    private static String string(Map<?, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new LessonException("quiz " + where + ": '" + key + "' is missing");
        }
        return value.toString();
    }
}
