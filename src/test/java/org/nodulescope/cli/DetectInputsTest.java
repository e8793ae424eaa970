package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.DataFileException;

/** What detect's arguments expand to. */
class DetectInputsTest {

    @TempDir
    Path dir;

    private Path touch(String relative) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "");
    }

    @Test
    void filesStayThemselvesAndLunaFoldersGiveEveryScanInOrder() throws IOException {
        Path lone = touch("lone/9.mhd");
        touch("luna/subset1/2.mhd");
        touch("luna/subset0/1.mhd");
        touch("luna/subset0/1.raw");
        touch("luna/seg-lungs-LUNA16/1.mhd");
        touch("flat/b.mha");
        touch("flat/a.mhd");
        List<DetectInputs.Source> scans = DetectInputs.expand(List.of(lone, dir.resolve("luna"),
                dir.resolve("flat")));
        assertEquals(List.of("9.mhd", "1.mhd", "2.mhd", "a.mhd", "b.mha"),
                scans.stream().map(DetectInputs.Source::label).toList());
        scans.forEach(s -> assertNull(s.dicomSeries()));
        assertEquals(dir.resolve("luna/subset0/1.mhd"), scans.get(1).path());
    }

    @Test
    void aMissingPathOrAFolderWithoutScansIsNamed() throws IOException {
        DataFileException missing = assertThrows(DataFileException.class,
                () -> DetectInputs.expand(List.of(dir.resolve("nope"))));
        assertTrue(missing.getMessage().contains("nope: does not exist"), missing.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        touch("empty/notes.txt");
        DataFileException empty = assertThrows(DataFileException.class,
                () -> DetectInputs.expand(List.of(dir.resolve("empty"))));
        assertTrue(empty.getMessage().contains("holds no scan"), empty.getMessage());
    }
}
