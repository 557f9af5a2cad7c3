package dev.realtimelab.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludesTest {
    @TempDir
    Path root;
    Includes includes;

    @BeforeEach
    void writeSources() throws IOException {
        Path dir = Files.createDirectories(root.resolve("src/main/java/demo"));
        Files.writeString(dir.resolve("Feed.java"), """
                class Feed {
                    // region send
                    void send() {
                        // region inner
                        write();
                        // endregion
                    }
                    // endregion
                }
                """);
        Files.writeString(root.resolve("secret.txt"), "not for lessons");
        includes = new Includes(root);
    }

    @Test
    void regionIsCutOutDedentedAndFreeOfNestedMarkers() {
        assertEquals("void send() {\n    write();\n}", includes.read("src/main/java/demo/Feed.java#send"));
        assertEquals("write();", includes.read("src/main/java/demo/Feed.java#inner"));
    }

    @Test
    void wholeFileWithoutMarkers() {
        String all = includes.read("src/main/java/demo/Feed.java");
        assertTrue(all.startsWith("class Feed {"));
        assertTrue(!all.contains("region"));
    }

    @Test
    void missingRegionOrFileIsALessonError() {
        var noRegion = assertThrows(LessonException.class, () -> includes.read("src/main/java/demo/Feed.java#nope"));
        assertTrue(noRegion.getMessage().contains("no '// region nope'"), noRegion.getMessage());
        var noFile = assertThrows(LessonException.class, () -> includes.read("src/main/java/demo/Gone.java#send"));
        assertTrue(noFile.getMessage().contains("no such file"), noFile.getMessage());
    }

    @Test
    void onlyFilesUnderSrcCanBeRead() {
        for (String outside : new String[] {"secret.txt", "src/../secret.txt", "/etc/passwd", "../etc/passwd", "src\\..\\secret.txt"}) {
            assertThrows(LessonException.class, () -> includes.read(outside), outside);
        }
    }
}
