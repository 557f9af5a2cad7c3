package dev.realtimelab.shared;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The app's one way to save a small file so that a crash leaves the old file or the whole new
 * one, never half of each: the learner's progress and the workshop's state both use it.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    // region atomic-write
    /**
     * Replaces {@code target} with {@code bytes}: written beside it and forced to disk, then
     * renamed over it, so a reader (or the exercise watcher) sees the old file or the whole new
     * one. The temporary file is gone afterwards, even on failure.
     */
    public static void replace(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true); // on disk before the rename makes it the real file
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
    // endregion
}
