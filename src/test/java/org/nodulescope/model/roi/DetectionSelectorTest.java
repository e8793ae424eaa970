package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.config.RoiHeadsConfig;

class DetectionSelectorTest {

    /** Three classes (background, 1, 2), score threshold 0.05, NMS 0.5, at most {@code max}. */
    private static DetectionSelector selector(int max) {
        return new DetectionSelector(new RoiHeadsConfig(7, 2, 16, 3, 64, 0.25, 0.5, 0.5,
                List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, max));
    }

    /** Every class of a RoI gets the same box. */
    private static Boxes decoded(float[][] boxPerRoi, int classes) {
        float[] out = new float[boxPerRoi.length * classes * 4];
        for (int i = 0; i < boxPerRoi.length; i++) {
            for (int c = 0; c < classes; c++) {
                System.arraycopy(boxPerRoi[i], 0, out, (i * classes + c) * 4, 4);
            }
        }
        return Boxes.of(out);
    }

    @Test
    void keepsForegroundAboveThresholdSuppressesWithinClassAndOrdersByScore() {
        float[][] boxes = {
            {0, 0, 10, 10},     // RoI 0
            {1, 1, 11, 11},     // RoI 1 overlaps RoI 0 (IoU 0.68)
            {50, 50, 60, 60},   // RoI 2
            {20, 20, 20.005f, 30}, // RoI 3: narrower than 1e-2 px
        };
        float[] probabilities = {
            0.1f, 0.6f, 0.3f,   // RoI 0: class 1 0.6, class 2 0.3
            0.1f, 0.8f, 0.1f,   // RoI 1: class 1 0.8 suppresses RoI 0's class 1
            0.9f, 0.04f, 0.06f, // RoI 2: class 1 under the threshold, class 2 just above
            0.0f, 0.99f, 0.01f, // RoI 3: degenerate
        };
        DetectionSelector.Selected kept = selector(100).select(probabilities,
                decoded(boxes, 3));
        // class 2 of RoI 1 (0.1) overlaps class 2 of RoI 0 (0.3) and is suppressed; classes
        // do not suppress each other
        assertArrayEquals(new float[] {0.8f, 0.3f, 0.06f}, kept.scores());
        assertArrayEquals(new int[] {1, 2, 2}, kept.labels());
        assertArrayEquals(new int[] {1, 0, 2}, kept.sources());
        assertEquals(Boxes.of(1, 1, 11, 11, 0, 0, 10, 10, 50, 50, 60, 60), kept.boxes());
    }

    @Test
    void keepsAtMostTheConfiguredNumber() {
        float[][] boxes = {{0, 0, 5, 5}, {10, 10, 15, 15}, {20, 20, 25, 25}};
        float[] probabilities = {0.5f, 0.2f, 0.3f, 0.6f, 0.3f, 0.1f, 0.1f, 0.7f, 0.2f};
        DetectionSelector.Selected kept = selector(2).select(probabilities, decoded(boxes, 3));
        assertEquals(2, kept.size());
        assertArrayEquals(new float[] {0.7f, 0.3f}, kept.scores());
    }

    @Test
    void fusesByWeightAndFallsBackToTheClassScoreWithoutAuxiliaryProbability() {
        float[] fused = DetectionSelector.fuse(new float[] {0.8f, 0.4f},
                new float[] {0.2f, Float.NaN}, 0.25);
        assertEquals(0.25 * 0.8 + 0.75 * 0.2, fused[0], 1e-6);
        assertEquals(0.4f, fused[1]);
    }
}
