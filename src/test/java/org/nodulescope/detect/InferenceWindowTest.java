package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.VolumeMask;

/** The lung crop: aligned corner, rounded size, only the processed slices, and moving back. */
class InferenceWindowTest {

    /** A 512 x 400 x 10 mask with lung voxels in columns x0..x1 and rows y0..y1 of slice z. */
    private static VolumeMask lungs(int z, int x0, int x1, int y0, int y1) {
        GridSize size = new GridSize(512, 400, 10);
        byte[] v = new byte[(int) size.voxelCount()];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                v[size.index(x, y, z)] = 1;
            }
        }
        return new VolumeMask(size, v);
    }

    @Test
    void theCropCoversTheLungsWithTheMarginFromAnAlignedCorner() {
        InferenceWindow w = InferenceWindow.aroundLungs(lungs(4, 100, 399, 90, 309), 0, 9, 16);
        // corner: 100 - 16 = 84 down to 64, 90 - 16 = 74 down to 64
        assertEquals(64, w.x0());
        assertEquals(64, w.y0());
        // right edge 399 + 1 + 16 = 416: 352 from 64, already a multiple of 32
        assertEquals(352, w.width());
        // bottom edge 309 + 1 + 16 = 326: 262 from 64, rounded up to 288
        assertEquals(288, w.height());
        assertTrue(w.cropped());
        assertEquals(352.0 * 288 / (512 * 400), w.pixelShare(), 1e-12);
    }

    @Test
    void theCropStopsAtTheImageAndSeesOnlyTheProcessedSlices() {
        // lungs up to the last row and column: cut to the image, not padded beyond it
        InferenceWindow edge = InferenceWindow.aroundLungs(lungs(2, 0, 511, 350, 399), 0, 9, 16);
        assertEquals(0, edge.x0());
        assertEquals(512, edge.width());
        assertEquals(320, edge.y0());
        assertEquals(80, edge.height());
        // the lung slice lies outside the processed range: nothing to crop to
        InferenceWindow none = InferenceWindow.aroundLungs(lungs(2, 100, 200, 100, 200), 3, 9,
                16);
        assertFalse(none.cropped());
        assertEquals(InferenceWindow.wholeFrame(new GridSize(512, 400, 10)), none);
    }

    @Test
    void boxesAndMasksMoveBackOntoTheSlice() {
        InferenceWindow w = new InferenceWindow(64, 128, 96, 64, 512, 400);
        assertEquals(new Box2D(74.5, 130, 80, 140), w.toSlice(new Box2D(10.5, 2, 16, 12)));
        SliceMask onWindow = new SliceMask(96, 64, 90, 60, 6, 4, new byte[24]);
        SliceMask onSlice = w.toSlice(onWindow);
        assertEquals(512, onSlice.imageWidth());
        assertEquals(154, onSlice.x0());
        assertEquals(188, onSlice.y0());
        assertThrows(IllegalArgumentException.class,
                () -> w.toSlice(new SliceMask(512, 400, 0, 0, 1, 1, new byte[1])));
        assertThrows(IllegalArgumentException.class,
                () -> new InferenceWindow(480, 0, 64, 64, 512, 400));
    }
}
