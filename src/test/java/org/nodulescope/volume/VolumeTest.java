package org.nodulescope.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeTest {

    private static final VoxelGeometry GEOMETRY =
            new VoxelGeometry(new WorldPoint(0, 0, 0), new Spacing(1, 1, 2), Direction.identity());

    @Test
    void indexesZMajorThenYThenX() {
        GridSize size = new GridSize(4, 3, 2);
        short[] v = new short[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = (short) (i - 10);
        }
        Volume vol = Volume.ofShorts(size, GEOMETRY, v);
        assertEquals(size.index(1, 2, 1), 4 * 3 + 2 * 4 + 1);
        assertEquals(v[21] , vol.value(1, 2, 1), 0);
        assertSame(v, vol.toShorts());
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, vol.sliceAsFloats(1));
        assertThrows(IndexOutOfBoundsException.class, () -> vol.sliceAsFloats(2));
    }

    @Test
    void rejectsAnArrayOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> Volume.ofShorts(new GridSize(4, 3, 2), GEOMETRY, new short[23]));
        assertThrows(IllegalArgumentException.class, () -> new GridSize(0, 3, 2));
    }

    @Test
    void convertsOtherTypesToShortsWithClamping() {
        Volume f = new Volume(new GridSize(3, 1, 1), GEOMETRY,
                new VoxelData.Float32(new float[] {-1024.6f, 40000f, 12.4f}));
        assertArrayEquals(new short[] {-1025, 32767, 12}, f.toShorts());
        Volume u = new Volume(new GridSize(2, 1, 1), GEOMETRY,
                new VoxelData.Int16(new short[] {(short) 65535, 7}, true));
        assertEquals(65535, u.value(0, 0, 0), 0);
    }

    @Test
    void sameGridComparesGeometryAndSize() {
        Volume a = Volume.ofShorts(new GridSize(2, 2, 2), GEOMETRY, new short[8]);
        Volume b = new Volume(new GridSize(2, 2, 2), GEOMETRY,
                new VoxelData.Int8(new byte[8], true));
        Volume shifted = Volume.ofShorts(new GridSize(2, 2, 2), new VoxelGeometry(
                new WorldPoint(0, 0, 0.5), new Spacing(1, 1, 2), Direction.identity()), new short[8]);
        assertTrue(a.sameGridAs(b, 1e-3));
        assertFalse(a.sameGridAs(shifted, 1e-3));
    }

    @Test
    void lungLabelsFollowTheLunaConvention() {
        VoxelData luna = new VoxelData.Int8(new byte[] {0, 3, 4, 5, 1}, true);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 0}, LungLabels.lungMask(luna));
        VoxelData binary = new VoxelData.Int8(new byte[] {0, 1, 1, 5, (byte) 255}, true);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 1}, LungLabels.lungMask(binary));
    }
}
