package dev.realtimelab.course;

/**
 * {@code ```notes}: speaker notes for whoever presents the lesson in a workshop. A reader of the
 * lesson never sees them: the page renders the block as nothing, and only the instructor's
 * presenter view shows them (see {@link SpeakerMaterial}).
 */
public final class NotesDirective implements Directive {
    @Override
    public String render(Block block) {
        return "";
    }
}
