package dev.bwn.model.output;

import dev.bwn.cli.FolderSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GeneratedFolder#write} creates the subfolders its file paths name ({@code cortex-m/main.c}) and refuses a
 * path that would leave the folder, writing nothing anywhere.
 */
class GeneratedFolderSubfoldersTest {
    @Test
    void subfoldersAreCreatedAndAPathLeavingTheFolderIsRefused(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("design");
        GeneratedFolder.write(out, OutputKind.C_DESIGN, Map.of("a.h", "a", "cortex-m/main.c", "m", "x/y/z.txt", "z"));
        assertEquals("m", Files.readString(out.resolve("cortex-m/main.c")));
        assertEquals("z", Files.readString(out.resolve("x/y/z.txt")));
        var before = FolderSnapshot.withoutEmptyLocks(dir);
        for (String escaping : new String[]{"../escaped.txt", "cortex-m/../../escaped.txt", "."}) {
            assertThrows(IllegalArgumentException.class,
                    () -> GeneratedFolder.write(out, OutputKind.C_DESIGN, Map.of("b.h", "b", escaping, "x")), escaping);
            assertEquals(before, FolderSnapshot.withoutEmptyLocks(dir), escaping);
        }
        assertTrue(Files.notExists(dir.resolve("escaped.txt")));
    }
}
