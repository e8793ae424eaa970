package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class HuWindowTest {

    private final HuWindow window = HuWindow.PAPER;

    @Test
    void paperBoundsMapToZeroAndOne() {
        assertEquals(-1000f, window.lowerHu());
        assertEquals(400f, window.upperHu());
        assertEquals(0f, window.toUnit(-1000f));
        assertEquals(1f, window.toUnit(400f));
        assertEquals(0.5f, window.toUnit(-300f));
    }

    @Test
    void valuesBeyondTheWindowAreClipped() {
        assertEquals(0f, window.toUnit(-1001f));
        assertEquals(0f, window.toUnit(-3024f));
        assertEquals(0f, window.toUnit(Float.NEGATIVE_INFINITY));
        assertEquals(1f, window.toUnit(401f));
        assertEquals(1f, window.toUnit(3071f));
        assertEquals(1f, window.toUnit(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(window.toUnit(Float.NaN)));
    }

    @Test
    void boundsAreConfigurable() {
        HuWindow lung = new HuWindow(-1350f, 150f);
        assertEquals(0f, lung.toUnit(-1350f));
        assertEquals(1f, lung.toUnit(150f));
        assertEquals(0.5f, lung.toUnit(-600f));
        assertThrows(IllegalArgumentException.class, () -> new HuWindow(400f, -1000f));
        assertThrows(IllegalArgumentException.class, () -> new HuWindow(0f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new HuWindow(Float.NaN, 1f));
    }

    @Test
    void quantisationRoundsHalfUpAndClamps() {
        assertEquals(0, HuWindow.toByteLevel(0f));
        assertEquals(255, HuWindow.toByteLevel(1f));
        assertEquals(128, HuWindow.toByteLevel(0.5f)); // 127.5 rounds up
        assertEquals(0, HuWindow.toByteLevel(0.49f / 255f));
        assertEquals(1, HuWindow.toByteLevel(0.51f / 255f));
        assertEquals(0, HuWindow.toByteLevel(-0.2f));
        assertEquals(255, HuWindow.toByteLevel(1.7f));
        assertEquals(0, HuWindow.toByteLevel(Float.NaN));
        for (int level = 0; level < 256; level++) {
            assertEquals(level, HuWindow.toByteLevel(level / 255f), "level " + level);
        }
    }

    @Test
    void windowingAndQuantisationMatchTheFixtureScript() {
        for (Fixtures.Image image : Fixtures.clahe()) {
            if (!image.hasHu()) {
                continue;
            }
            short[] hu = image.hu();
            float[] unit = window.toUnit(hu, 0, new float[hu.length]);
            byte[] levels = HuWindow.toBytes(unit, new byte[hu.length]);
            assertArrayEquals(image.input(), levels, image.name());
        }
    }

    @Test
    void wholeVolumeAndSliceAgree() {
        short[] hu = {-2000, -1000, -300, 0, 400, 1200, -700, 50};
        GridSize size = new GridSize(2, 2, 2);
        VoxelGeometry geometry = new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(1, 1, 1), Direction.identity());
        Volume volume = Volume.ofShorts(size, geometry, hu);
        Volume unit = window.toUnit(volume);
        float[] all = ((VoxelData.Float32) unit.data()).values();
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 1000f / 1400f, 1f, 1f, 300f / 1400f, 1050f / 1400f},
                all, 1e-7f);
        assertArrayEquals(new float[] {1f, 1f, 300f / 1400f, 1050f / 1400f}, window.sliceToUnit(volume, 1),
                1e-7f);
    }
}
