package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/** Mask crops against full-frame pasting, boxes, the fused order and the mask threshold. */
class DetectionsTest {

    private static final int M = 28;
    private static final int HEIGHT = 40;
    private static final int WIDTH = 56;

    /** A ring: high on a band around the centre, low inside and outside. */
    private static float[] ring() {
        float[] m = new float[M * M];
        for (int y = 0; y < M; y++) {
            for (int x = 0; x < M; x++) {
                double r = Math.hypot(x - 13.5, y - 13.5);
                m[y * M + x] = (float) Math.exp(-Math.pow((r - 9) / 3, 2));
            }
        }
        return m;
    }

    /** A ramp along the diagonal, so the 0.5 crossing is a slanted line. */
    private static float[] ramp() {
        float[] m = new float[M * M];
        for (int y = 0; y < M; y++) {
            for (int x = 0; x < M; x++) {
                m[y * M + x] = (x + y) / (2f * (M - 1));
            }
        }
        return m;
    }

    private static float[] noise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] m = new float[M * M];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) r.nextDouble();
        }
        return m;
    }

    private static float[] full(float value) {
        float[] m = new float[M * M];
        Arrays.fill(m, value);
        return m;
    }

    /** Detections with the given boxes and masks, scores k-descending, fused given. */
    private static Detections detections(float[][] boxes, float[][] masks, float[] fused,
            float threshold) {
        int d = boxes.length;
        float[] b = new float[4 * d];
        float[] scores = new float[d];
        float[] probabilities = new float[d * M * M];
        for (int k = 0; k < d; k++) {
            System.arraycopy(boxes[k], 0, b, 4 * k, 4);
            scores[k] = 0.9f - 0.1f * k;
            System.arraycopy(masks[k], 0, probabilities, k * M * M, M * M);
        }
        float[] aux = new float[d];
        Arrays.fill(aux, Float.NaN);
        int[] labels = new int[d];
        Arrays.fill(labels, 1);
        return new Detections(Boxes.of(b), labels, scores, new int[d], aux, fused, M,
                new float[d * M * M], probabilities, threshold, HEIGHT, WIDTH);
    }

    @Test
    void maskCropsEqualTheFullFramePasteAtEveryBorderAndShape() {
        float[][] boxes = {
            {0, 0, 9, 11},            // top-left corner: the widened box starts above and left
            {44.5f, 29.2f, 56, 40},   // bottom-right corner, clipped box touching the edges
            {20.3f, 10.7f, 31.9f, 25.1f}, // inside, fractional
            {0, 17, 56, 23},          // full width: cut on both sides
            {30.2f, 0, 30.9f, 0.8f},  // under a pixel wide, on the top edge
            {12, 33, 25, 40},         // bottom edge
        };
        float[][] shapes = {ring(), ramp(), noise(7), full(0.9f), full(0.8f), noise(11)};
        float[] fused = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f};
        Detections d = detections(boxes, shapes, fused, 0.5f);
        int checkedPixels = 0;
        for (int k = 0; k < d.size(); k++) {
            boolean[] frame = d.pastedMask(k);
            SliceMask crop = d.maskCrop(k);
            assertEquals(WIDTH, crop.imageWidth());
            assertEquals(HEIGHT, crop.imageHeight());
            // the crop lies within the box widened by one mask cell a side, plus truncation
            Box2D box = d.box(k);
            double padX = box.width() / M + 1;
            double padY = box.height() / M + 1;
            assertTrue(crop.x0() >= Math.floor(box.x1() - padX)
                    && crop.x0() + crop.width() <= Math.ceil(box.x2() + padX) + 1,
                    "crop columns of detection " + k);
            assertTrue(crop.y0() >= Math.floor(box.y1() - padY)
                    && crop.y0() + crop.height() <= Math.ceil(box.y2() + padY) + 1,
                    "crop rows of detection " + k);
            int set = 0;
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    assertEquals(frame[y * WIDTH + x], crop.contains(x, y),
                            "detection " + k + " pixel (" + x + ", " + y + ")");
                    set += frame[y * WIDTH + x] ? 1 : 0;
                    checkedPixels++;
                }
            }
            assertEquals(set, crop.area());
            assertTrue(set > 0, "detection " + k + " pastes something");
        }
        assertEquals(6 * HEIGHT * WIDTH, checkedPixels);
    }

    @Test
    void theConfiguredThresholdDecidesWhichPixelsAreMask() {
        float[][] boxes = {{10, 10, 24, 24}};
        Detections low = detections(boxes, new float[][] {full(0.6f)}, new float[] {0.5f},
                0.5f);
        Detections high = detections(boxes, new float[][] {full(0.6f)}, new float[] {0.5f},
                0.7f);
        assertTrue(low.maskCrop(0).area() > 0);
        assertEquals(0, high.maskCrop(0).area(), "0.6 is not above a 0.7 threshold");
        boolean any = false;
        for (boolean b : high.pastedMask(0)) {
            any |= b;
        }
        assertTrue(!any, "the full-frame paste uses the same threshold");
        assertThrows(IllegalArgumentException.class, () -> detections(boxes,
                new float[][] {full(0.6f)}, new float[] {0.5f}, 1.5f));
    }

    @Test
    void boxesComeOutAsBox2DAndTheFusedOrderRanksByFusedScore() {
        float[][] boxes = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
        float[][] masks = {ring(), ramp(), noise(1), noise(2)};
        // class scores descend 0.9, 0.8, 0.7, 0.6; the fused scores rank them otherwise
        Detections d = detections(boxes, masks, new float[] {0.3f, 0.8f, 0.3f, 0.9f}, 0.5f);
        assertEquals(new Box2D(5, 6, 7, 8), d.box(1));
        assertArrayEquals(new int[] {3, 1, 0, 2}, d.fusedOrder(), "ties keep the class order");
        Detections sorted = d.sortedByFusedScore();
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.3f, 0.3f}, sorted.fusedScores());
        assertArrayEquals(new float[] {0.6f, 0.8f, 0.9f, 0.7f}, sorted.scores(), 1e-6f);
        assertEquals(d.box(3), sorted.box(0));
        assertEquals(d.maskCrop(2), sorted.maskCrop(3));
        assertEquals(d.maskThreshold(), sorted.maskThreshold());
    }
}
