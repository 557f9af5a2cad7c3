package dev.realtimelab.course;

/**
 * The one extension point of the lesson format: a fenced block whose info string starts with a
 * directive name (```demo ws-echo, ```quiz, ```exercise sse-resume) is rendered by the
 * directive of that name. Other parts of the app register theirs without touching the parser.
 */
public interface Directive {

    /** The block as the author wrote it: the word after the name, and the lines inside. */
    record Block(String lessonFile, String argument, String body) {}

    /** Returns the HTML for the block, or throws {@link LessonException} with a clear message. */
    String render(Block block);
}
