package org.nodulescope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class LungMaskReaderTest {

    @TempDir
    Path dir;

    private static final GridSize SIZE = new GridSize(3, 2, 1);
    private static final VoxelGeometry GEOMETRY = new VoxelGeometry(new WorldPoint(-5, -5, -100),
            new Spacing(0.7, 0.7, 1.25), Direction.identity());

    @Test
    void readsLabelsOnTheScanGrid() throws IOException {
        Volume scan = Volume.ofShorts(SIZE, GEOMETRY, new short[6]);
        Volume mask = new Volume(SIZE, GEOMETRY,
                new VoxelData.Int8(new byte[] {0, 3, 4, 5, 0, 3}, true));
        Path file = LungMaskReader.locate(dir, "1.2.3");
        java.nio.file.Files.createDirectories(file.getParent());
        MetaImageWriter.write(mask, file, true);
        assertEquals(dir.resolve("seg-lungs-LUNA16").resolve("1.2.3.mhd"), file);

        Volume labels = LungMaskReader.readFor(file, scan);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 1}, LungLabels.lungMask(labels.data()));
    }

    @Test
    void refusesAMaskOnAnotherGrid() throws IOException {
        Volume scan = Volume.ofShorts(SIZE, new VoxelGeometry(new WorldPoint(-5, -5, -98.75),
                new Spacing(0.7, 0.7, 1.25), Direction.identity()), new short[6]);
        Volume mask = new Volume(SIZE, GEOMETRY, new VoxelData.Int8(new byte[6], true));
        Path file = dir.resolve("m.mhd");
        MetaImageWriter.write(mask, file);
        DataFileException e = assertThrows(DataFileException.class,
                () -> LungMaskReader.readFor(file, scan));
        assertTrue(e.getMessage().contains("m.mhd") && e.getMessage().contains("different grid"),
                e.getMessage());
    }

    @Test
    void refusesNonIntegerLabels() throws IOException {
        Volume mask = new Volume(SIZE, GEOMETRY,
                new VoxelData.Float32(new float[] {0, 3, 4, 0.5f, 0, 0}));
        Path file = dir.resolve("f.mhd");
        MetaImageWriter.write(mask, file);
        DataFileException e = assertThrows(DataFileException.class, () -> LungMaskReader.read(file));
        assertTrue(e.getMessage().contains("non-integer value 0.5"), e.getMessage());
    }
}
