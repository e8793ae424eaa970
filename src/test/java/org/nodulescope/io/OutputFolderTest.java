package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A results folder must be new or empty; the check itself creates and changes nothing. */
class OutputFolderTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFolderPassesAndIsNotCreated() {
        Path missing = dir.resolve("a/b");
        assertDoesNotThrow(() -> OutputFolder.requireNewOrEmpty(missing, "the run"));
        assertFalse(Files.exists(missing));
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void anEmptyFolderPasses() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertDoesNotThrow(() -> OutputFolder.requireNewOrEmpty(empty, "the run"));
    }

    @Test
    void aFileIsRefusedByName() throws IOException {
        Path file = Files.writeString(dir.resolve("results"), "x");
        DataFileException e = assertThrows(DataFileException.class,
                () -> OutputFolder.requireNewOrEmpty(file, "the evaluation"));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": is a file"), e.getMessage());
        assertTrue(e.getMessage().contains("new or empty folder for the evaluation"),
                e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aFolderHoldingOnlyAHiddenFileOrAnEmptyFolderIsRefused() throws IOException {
        Path hidden = Files.createDirectory(dir.resolve("hidden"));
        Files.writeString(hidden.resolve(".keep"), "");
        Path nested = Files.createDirectories(dir.resolve("nested/inner"));
        for (Path busy : new Path[] {hidden, nested.getParent()}) {
            DataFileException e = assertThrows(DataFileException.class,
                    () -> OutputFolder.requireNewOrEmpty(busy, "the model"));
            assertEquals(busy, e.file());
            assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
            assertTrue(e.getMessage().contains("nothing is overwritten"), e.getMessage());
        }
        assertTrue(Files.exists(hidden.resolve(".keep")));
        assertTrue(Files.isDirectory(nested));
    }
}
