package dev.realtimelab.course;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;

/**
 * What a presenter needs from a lesson file beyond its page: the speaker notes ({@code ```notes}
 * blocks) and the quiz questions, each with the section it sits in. A section is the text under
 * one {@code ##} heading, named by the heading's anchor id as the page has it ("" before the
 * first one); the workshop moves the room section by section.
 */
public record SpeakerMaterial(List<Note> notes, List<PollQuestion> questions) {
    public record Note(String section, String text) {}

    /** A quiz question as a poll: plain text, answers in order, which one is right and why. */
    public record PollQuestion(int number, String section, String text, List<String> answers, int correct,
                               List<String> explanations) {}

    /** Reads {@code fileText} (a whole lesson file, front matter and all). A bad quiz block is skipped. */
    public static SpeakerMaterial of(String fileText) {
        String text = fileText.replace("\r\n", "\n");
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int end = text.startsWith("---\n") ? text.indexOf("\n---\n", 3) : -1;
        Node document = LessonRenderer.parse(end < 0 ? text : text.substring(end + 5));
        List<Note> notes = new ArrayList<>();
        List<PollQuestion> questions = new ArrayList<>();
        // The same id generator over the same headings in the same order as LessonRenderer.render.
        IdGenerator ids = IdGenerator.builder().build();
        document.accept(new AbstractVisitor() {
            String section = "";

            @Override
            public void visit(Heading heading) {
                String id = ids.generateId(LessonRenderer.plainText(heading));
                if (heading.getLevel() <= 2) {
                    section = heading.getLevel() == 2 ? id : "";
                }
            }

            @Override
            public void visit(FencedCodeBlock block) {
                String info = block.getInfo() == null ? "" : block.getInfo().strip();
                String name = info.split("\\s+", 2)[0];
                if (name.equals("notes")) {
                    notes.add(new Note(section, block.getLiteral().strip()));
                } else if (name.equals("quiz")) {
                    try {
                        for (QuizDirective.Question q : QuizDirective.questions(block.getLiteral())) {
                            questions.add(new PollQuestion(questions.size() + 1, section, LessonRenderer.plain(q.text()),
                                    q.answers().stream().map(a -> LessonRenderer.plain(a.text())).toList(), q.correct(),
                                    q.answers().stream().map(a -> LessonRenderer.plain(a.explain())).toList()));
                        }
                    } catch (LessonException e) {
                        // the lesson page already reports it
                    }
                }
            }
        });
        return new SpeakerMaterial(List.copyOf(notes), List.copyOf(questions));
    }
}
