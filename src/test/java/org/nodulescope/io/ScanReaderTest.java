package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.volume.Volume;

/** The one entry point the CLI and the app use to open whatever the user points at. */
class ScanReaderTest {

    @TempDir
    Path dir;

    @Test
    void opensADicomFolderAndChoosesASeries() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("dicom"));
        for (int k = 0; k < 4; k++) {
            new DicomTestFiles.Slice().series("1.2.3.1").position(-100, -80, 2.5 * (3 - k))
                    .instance(k + 1).writeTo(folder.resolve("a" + k + ".dcm"));
        }
        new DicomTestFiles.Slice().series("1.2.3.2").position(-100, -80, 0).instance(1)
                .writeTo(folder.resolve("b0.dcm"));
        DataFileException several = assertThrows(DataFileException.class,
                () -> ScanReader.read(folder, Optional.empty()));
        assertTrue(several.getMessage().contains("1.2.3.1")
                && several.getMessage().contains("1.2.3.2"), several.getMessage());
        Volume v = ScanReader.read(folder, Optional.of("1.2.3.1"));
        assertEquals(4, v.size().z());
        assertEquals(2.5, v.geometry().spacing().z(), 1e-9);
        assertEquals(0, v.geometry().origin().z(), 1e-9);
    }

    @Test
    void emptyAndNonDicomFoldersAndStrayFilesAreNamed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DataFileException e = assertThrows(DataFileException.class,
                () -> ScanReader.read(empty, Optional.empty()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());

        Path text = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(text.resolve("readme.txt"), "not an image");
        DataFileException n = assertThrows(DataFileException.class,
                () -> ScanReader.read(text, Optional.empty()));
        assertTrue(n.getMessage().contains("notes") && n.getMessage().contains("DICOM"),
                n.getMessage());

        Path raw = Files.write(dir.resolve("x.raw"), new byte[4]);
        DataFileException r = assertThrows(DataFileException.class,
                () -> ScanReader.read(raw, Optional.empty()));
        assertTrue(r.getMessage().contains(".mhd header"), r.getMessage());
    }
}
