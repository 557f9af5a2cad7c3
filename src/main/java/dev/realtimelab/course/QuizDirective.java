package dev.realtimelab.course;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code ```quiz}: check-yourself questions written as YAML, answered in the page. Each question
 * has one correct answer, and every answer explains itself, right or wrong.
 */
public final class QuizDirective implements Directive {
    /** One question as the author wrote it (Markdown): exactly one answer is correct. */
    public record Question(String text, List<Answer> answers) {
        public int correct() {
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).correct()) {
                    return i;
                }
            }
            throw new IllegalStateException("no correct answer"); // questions() made sure there is one
        }
    }

    public record Answer(String text, boolean correct, String explain) {}

    @Override
    public String render(Block block) {
        StringBuilder html = new StringBuilder("<section class=\"quiz\" aria-label=\"Check yourself\">\n")
                .append("<p class=\"quiz-title\">Check yourself</p>\n<ol class=\"quiz-questions\">\n");
        for (Question question : questions(block.body())) {
            html.append("<li class=\"quiz-question\">\n<p>").append(LessonRenderer.inline(question.text())).append("</p>\n<ul class=\"quiz-answers\">\n");
            for (Answer answer : question.answers()) {
                html.append("<li><button type=\"button\" class=\"quiz-answer\" data-correct=\"").append(answer.correct()).append("\">")
                        .append(LessonRenderer.inline(answer.text()))
                        .append("</button>\n<p class=\"quiz-explain\" hidden>")
                        .append(answer.correct() ? "Right. " : "Not quite. ")
                        .append(LessonRenderer.inline(answer.explain()))
                        .append("</p></li>\n");
            }
            html.append("</ul>\n</li>\n");
        }
        return html.append("</ol>\n</section>").toString();
    }

    /**
     * The questions of a quiz block, checked: the page renders them, and the workshop launches
     * them as live polls. Throws {@link LessonException} with a clear message on a bad block.
     */
    public static List<Question> questions(String yaml) {
        List<?> items = parse(yaml);
        List<Question> questions = new ArrayList<>();
        int number = 0;
        for (Object item : items) {
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
            List<Answer> parsed = new ArrayList<>();
            int answerNumber = 0;
            for (Object a : answers) {
                answerNumber++;
                String where = "question " + number + ", answer " + answerNumber;
                Map<?, ?> answer = asMap(a, where);
                parsed.add(new Answer(string(answer, "text", where), Boolean.TRUE.equals(answer.get("correct")),
                        string(answer, "explain", where)));
            }
            questions.add(new Question(text, List.copyOf(parsed)));
        }
        return List.copyOf(questions);
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
