package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LUNA16 mask is found upward from the scan, and only for its own series. */
class LungMaskLocatorTest {

    @TempDir
    Path dir;

    @Test
    void findsTheMaskBesideTheSubsetFolderOrBesideTheScan() throws IOException {
        Path scan = Files.createDirectories(dir.resolve("luna/subset3")).resolve("1.2.3.mhd");
        Files.writeString(scan, "");
        Path mask = Files.createDirectories(dir.resolve("luna/seg-lungs-LUNA16"))
                .resolve("1.2.3.mhd");
        Files.writeString(mask, "");
        assertEquals(Optional.of(mask.toAbsolutePath()), LungMaskLocator.find(scan, "1.2.3"));
        assertEquals(Optional.empty(), LungMaskLocator.find(scan, "4.5.6"));

        Path nearer = Files.createDirectories(dir.resolve("luna/subset3/seg-lungs-LUNA16"))
                .resolve("1.2.3.mhd");
        Files.writeString(nearer, "");
        assertEquals(Optional.of(nearer.toAbsolutePath()), LungMaskLocator.find(scan, "1.2.3"));
    }

    @Test
    void aDicomFolderLooksFromItselfAndALoneScanFindsNothing() throws IOException {
        Path series = Files.createDirectories(dir.resolve("study/series1"));
        Path mask = Files.createDirectories(dir.resolve("study/seg-lungs-LUNA16"))
                .resolve("9.9.mhd");
        Files.writeString(mask, "");
        assertEquals(Optional.of(mask.toAbsolutePath()), LungMaskLocator.find(series, "9.9"));
        Path lone = dir.resolve("elsewhere/7.7.mhd");
        Files.createDirectories(lone.getParent());
        Files.writeString(lone, "");
        assertTrue(LungMaskLocator.find(lone, "7.7").isEmpty());
    }
}
