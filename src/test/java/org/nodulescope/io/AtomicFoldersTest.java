package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFoldersTest {

    @TempDir
    Path dir;

    private static long children(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }

    @Test
    void aStagedFolderReplacesTheOldOneWhole() throws IOException {
        Path target = dir.resolve("last");
        Files.createDirectories(target);
        Files.writeString(target.resolve("a.txt"), "old");
        Files.writeString(target.resolve("only-old.txt"), "old");
        Path staged = AtomicFolders.stage(target);
        assertTrue(staged.getFileName().toString().startsWith(".last.staged-"));
        Files.writeString(staged.resolve("a.txt"), "new");
        AtomicFolders.replace(staged, target);
        assertEquals("new", Files.readString(target.resolve("a.txt")));
        assertFalse(Files.exists(target.resolve("only-old.txt")), "nothing of the old one stays");
        assertEquals(1, children(dir), "no staging or old folder is left");
    }

    @Test
    void outputsAreReadableByOthersLikePlainlyCreatedFiles() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem()
                .supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path file = dir.resolve("report.csv");
        AtomicFiles.writeString(file, "a,b\n");
        assertTrue(Files.getPosixFilePermissions(file).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                Files.getPosixFilePermissions(file).toString());
        Path staged = AtomicFolders.stage(dir.resolve("out"));
        assertTrue(Files.getPosixFilePermissions(staged).contains(
                java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE));
    }

    @Test
    void aCrashBetweenTheRenamesIsRecoveredAndHalfWrittenStagingIsDropped()
            throws IOException {
        Path target = dir.resolve("last");
        Path aside = dir.resolve(".last.old-00000000000000000001");
        Files.createDirectories(aside);
        Files.writeString(aside.resolve("a.txt"), "previous");
        Path halfWritten = Files.createDirectories(dir.resolve(".last.staged-123"));
        Files.writeString(halfWritten.resolve("a.txt"), "half");
        Optional<Path> recovered = AtomicFolders.recover(target);
        assertTrue(recovered.isPresent());
        assertEquals("previous", Files.readString(target.resolve("a.txt")));
        assertEquals(1, children(dir));
    }

    @Test
    void recoveringAnIntactFolderOnlyTidiesUp() throws IOException {
        Path target = dir.resolve("last");
        Files.createDirectories(target);
        Files.writeString(target.resolve("a.txt"), "current");
        Files.createDirectories(dir.resolve(".last.old-00000000000000000005"));
        assertTrue(AtomicFolders.recover(target).isEmpty());
        assertEquals("current", Files.readString(target.resolve("a.txt")));
        assertEquals(1, children(dir));
    }
}
