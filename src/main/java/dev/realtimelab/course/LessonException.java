package dev.realtimelab.course;

/** A mistake in a lesson file that its author must fix; the message says what and where. */
public class LessonException extends RuntimeException {
    public LessonException(String message) {
        super(message);
    }
}
