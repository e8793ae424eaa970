package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodulescope.io.ErrorAssertions.assertLine;
import static org.nodulescope.io.ErrorAssertions.assertMentions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitFileTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("split.json"), json);
    }

    @Test
    void writeThenReadGivesTheSameSplit() throws IOException {
        ScanSplit split = new ScanSplit(List.of("1.2.3", "1.2.4", "1.2.5"), List.of("1.2.9"), -7_123_456_789L);
        Path f = dir.resolve("runs/split.json");
        SplitFile.write(f, split);
        assertEquals(split, SplitFile.read(f));
    }

    @Test
    void readsAHandWrittenFileWithBomAndCrlf() throws IOException {
        Path f = file("\uFEFF{\r\n \"validation\": [\"b\"],\r\n \"seed\": 42,\r\n \"training\": [\"a\", \"c\"]\r\n}\r\n");
        assertEquals(new ScanSplit(List.of("a", "c"), List.of("b"), 42), SplitFile.read(f));
    }

    @Test
    void aScanOnBothSidesIsRefused() throws IOException {
        Path f = file("{\"seed\": 1, \"training\": [\"a\", \"b\"], \"validation\": [\"c\", \"b\"]}");
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(f)),
                "split.json", "b is in both training and validation");
    }

    @Test
    void aScanListedTwiceOnOneSideIsRefused() throws IOException {
        Path f = file("{\"seed\": 1, \"training\": [\"a\", \"a\"], \"validation\": []}");
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(f)),
                "split.json", "a is listed twice in training");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"seed\": 1, \"training\": [], \"validation\": [], \"test\": []}|unknown field 'test'",
        "{\"seed\": 1, \"train\": [], \"validation\": []}|unknown field 'train'",
        "{\"seed\": 1, \"validation\": []}|no training list",
        "{\"training\": [], \"validation\": []}|no seed",
        "{\"seed\": 1.5, \"training\": [], \"validation\": []}|seed that is not a whole number",
        "{\"seed\": \"1\", \"training\": [], \"validation\": []}|seed that is not a whole number",
        "{\"seed\": 1, \"training\": \"a\", \"validation\": []}|training field that is not a list",
        "{\"seed\": 1, \"training\": [1], \"validation\": []}|not a series uid in quotes",
        "{\"seed\": 1, \"training\": [\"\"], \"validation\": []}|empty series uid",
        "[\"a\", \"b\"]|holds a JSON array, not an object",
    })
    void anUnexpectedStructureIsRefusedClearly(String caseText) throws IOException {
        String[] parts = caseText.split("\\|");
        Path f = file(parts[0]);
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(f)), "split.json", parts[1]);
    }

    @Test
    void aRepeatedKeyIsRefusedRatherThanOverwritten() throws IOException {
        Path f = file("{\"seed\": 1,\n \"training\": [\"a\"],\n \"training\": [\"b\"], \"validation\": []}");
        DataFileException e = assertThrows(DataFileException.class, () -> SplitFile.read(f));
        assertLine(e, 3);
        assertMentions(e, "split.json", "JSON is not valid", "training");
    }

    @Test
    void brokenJsonNamesTheLine() throws IOException {
        Path f = file("{\n  \"seed\": 1,\n  \"training\": [\"a\",]\n}");
        DataFileException e = assertThrows(DataFileException.class, () -> SplitFile.read(f));
        assertTrue(e.line().isPresent(), e.getMessage());
        assertMentions(e, "split.json", "JSON is not valid");
    }

    @Test
    void trailingContentIsRefused() throws IOException {
        Path f = file("{\"seed\": 1, \"training\": [], \"validation\": []} {}");
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(f)), "JSON is not valid");
    }

    @Test
    void emptyAndMissingFilesAreReported() throws IOException {
        Path empty = file("  \n");
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(empty)), "split.json", "is empty");
        Path missing = dir.resolve("none.json");
        assertMentions(assertThrows(DataFileException.class, () -> SplitFile.read(missing)), "none.json", "does not exist");
    }

    @Test
    void theRecordCopiesItsListsAndChecksThem() {
        List<String> training = new ArrayList<>(List.of("a"));
        ScanSplit split = new ScanSplit(training, List.of("b"), 3);
        training.add("b");
        assertEquals(List.of("a"), split.trainingUids());
        assertThrows(IllegalArgumentException.class, () -> new ScanSplit(List.of("a"), List.of("a"), 3));
        assertThrows(NullPointerException.class, () -> new ScanSplit(null, List.of(), 3));
    }
}
