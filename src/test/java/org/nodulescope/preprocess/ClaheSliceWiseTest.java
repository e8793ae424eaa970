package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class ClaheSliceWiseTest {

    private static final List<String> SLICES =
            List.of("ct_500x371", "noise_500x371", "constant_500x371", "ct_500x371", "noise_500x371");

    private static byte[] stack(List<String> names, String suffix) {
        int area = 500 * 371;
        byte[] all = new byte[area * names.size()];
        for (int z = 0; z < names.size(); z++) {
            Fixtures.Image image = Fixtures.clahe(names.get(z));
            byte[] slice = suffix.equals("in") ? image.input() : image.opencvClahe();
            System.arraycopy(slice, 0, all, z * area, area);
        }
        return all;
    }

    @Test
    void everySliceMatchesOpenCvWhateverTheThreadCount() {
        GridSize size = new GridSize(500, 371, SLICES.size());
        byte[] in = stack(SLICES, "in");
        byte[] expected = stack(SLICES, "out");
        for (int threads : new int[] {1, 2, 3, 8}) {
            byte[] out = new byte[in.length];
            new SliceWiseClahe(ClaheFilter.withDefaults(), threads).apply(in, size, out);
            assertArrayEquals(expected, out, threads + " threads");
        }
    }

    @Test
    void unitVolumeGivesLevelsOver255() {
        GridSize size = new GridSize(500, 371, SLICES.size());
        byte[] in = stack(SLICES, "in");
        float[] unit = HuWindow.fromBytes(in, new float[in.length]);
        Volume volume = new Volume(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(0.7, 0.7, 2.5), Direction.identity()), new VoxelData.Float32(unit));
        Volume out = SliceWiseClahe.onAllCores(ClaheFilter.withDefaults()).applyToUnit(volume);
        assertEquals(volume.geometry(), out.geometry());
        float[] values = ((VoxelData.Float32) out.data()).values();
        byte[] expected = stack(SLICES, "out");
        for (int i = 0; i < values.length; i += 97) {
            assertEquals((expected[i] & 0xFF) / 255f, values[i], "voxel " + i);
        }
    }

    @Test
    void wrongSizesAreRejected() {
        SliceWiseClahe clahe = new SliceWiseClahe(ClaheFilter.withDefaults(), 2);
        GridSize size = new GridSize(8, 8, 2);
        assertThrows(IllegalArgumentException.class, () -> clahe.apply(new byte[100], size, new byte[128]));
        byte[] same = new byte[128];
        assertThrows(IllegalArgumentException.class, () -> clahe.apply(same, size, same));
        assertThrows(IllegalArgumentException.class, () -> new SliceWiseClahe(ClaheFilter.withDefaults(), 0));
    }
}
