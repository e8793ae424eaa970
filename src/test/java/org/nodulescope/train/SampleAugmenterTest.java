package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.volume.Box2D;

class SampleAugmenterTest {

    /** A 64 x 48 sample: lung levels 100 in a band, two square nodules labelled 1 and 2. */
    static TrainingSample sample() {
        int w = 64;
        int h = 48;
        byte[][] stack = new byte[5][w * h];
        byte[] labels = new byte[w * h];
        for (int y = 8; y < 40; y++) {
            for (int x = 4; x < 60; x++) {
                for (int c = 0; c < 5; c++) {
                    stack[c][y * w + x] = (byte) (100 + c);
                }
            }
        }
        paint(labels, stack, w, 10, 12, 6, 1);
        paint(labels, stack, w, 40, 20, 4, 2);
        List<SampleManifest.Target> targets = List.of(
                new SampleManifest.Target(0, 6, new double[] {10, 12, 16, 18}, 1, 7),
                new SampleManifest.Target(1, 4, new double[] {40, 20, 44, 24}, 2, 7));
        SampleManifest.SampleEntry entry = new SampleManifest.SampleEntry("s_z7", "s",
                "training", 7, new int[] {5, 6, 7, 8, 9}, true, "samples/s_z7.mhd",
                "samples/s_z7_mask.mhd", targets);
        return new TrainingSample(entry, w, h, stack, labels);
    }

    private static void paint(byte[] labels, byte[][] stack, int w, int x0, int y0, int size,
            int label) {
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                labels[y * w + x] = (byte) label;
                stack[2][y * w + x] = (byte) 200;
            }
        }
    }

    @Test
    void withoutAugmentationTheSampleIsItsLevelsOver255AndItsTightBoxes() {
        PreparedSample p = new SampleAugmenter(Augmentation.none())
                .prepare(sample(), new SplittableRandom(1));
        assertEquals(5, p.channels());
        assertEquals(48, p.height());
        assertEquals(64, p.width());
        assertEquals(200 / 255f, p.image()[2 * 48 * 64 + 12 * 64 + 10], 1e-6f);
        assertEquals(100 / 255f, p.image()[8 * 64 + 4], 1e-6f);
        assertEquals(0f, p.image()[0]);
        GroundTruth t = p.truth();
        assertEquals(2, t.size());
        assertArrayEquals(new float[] {10, 12, 16, 18, 40, 20, 44, 24}, t.boxes().toArray());
        assertTrue(t.masks()[12 * 64 + 10]);
        assertFalse(t.masks()[12 * 64 + 16]);
        assertTrue(t.masks()[48 * 64 + 20 * 64 + 40]);
    }

    @Test
    void aFlipMovesImageAndTargetsTogether() {
        Augmentation flipOnly = new Augmentation(true, false, 0, 0, 0, 0);
        for (long seed = 0; seed < 8; seed++) {
            PreparedSample p = new SampleAugmenter(flipOnly).prepare(sample(),
                    new SplittableRandom(seed));
            GroundTruth t = p.truth();
            for (int g = 0; g < t.size(); g++) {
                for (int i = 0; i < 64 * 48; i++) {
                    if (t.masks()[g * 64 * 48 + i]) {
                        assertEquals(200 / 255f, p.image()[2 * 64 * 48 + i], 1e-6f,
                                "a mask pixel must sit on its nodule, seed " + seed);
                    }
                }
            }
        }
        PreparedSample mirrored = null;
        for (long seed = 0; mirrored == null; seed++) {
            PreparedSample p = new SampleAugmenter(flipOnly).prepare(sample(),
                    new SplittableRandom(seed));
            if (p.truth().boxes().toArray()[0] != 10) {
                mirrored = p;
            }
        }
        assertArrayEquals(new float[] {64 - 16, 12, 64 - 10, 18}, 
                mirrored.truth().boxes().box(0));
    }

    @Test
    void aCropKeepsEveryNoduleThatFitsAndBoxesFollowTheWindow() {
        Augmentation crop = Augmentation.none().withCrop(40);
        for (long seed = 0; seed < 20; seed++) {
            PreparedSample p = new SampleAugmenter(crop).prepare(sample(),
                    new SplittableRandom(seed));
            assertEquals(40, p.width());
            assertEquals(40, p.height());
            GroundTruth t = p.truth();
            assertEquals(2, t.size(), "both nodules fit in 40 px, seed " + seed);
            float[] b = t.boxes().toArray();
            assertEquals(6, b[2] - b[0]);
            assertEquals(4, b[6] - b[4]);
            assertEquals(30, b[4] - b[0], "the nodules keep their distance");
        }
    }

    @Test
    void aCropTooSmallForBothKeepsOneWholeNodule() {
        Augmentation crop = Augmentation.none().withCrop(32);
        for (long seed = 0; seed < 20; seed++) {
            GroundTruth t = new SampleAugmenter(crop).prepare(sample(),
                    new SplittableRandom(seed)).truth();
            assertTrue(t.size() >= 1);
            float[] b = t.boxes().toArray();
            boolean whole = false;
            for (int g = 0; g < t.size(); g++) {
                float side = b[4 * g + 2] - b[4 * g];
                whole |= side == 6 || side == 4;
            }
            assertTrue(whole, "seed " + seed);
        }
    }

    /** A 128 x 128 sample: lung levels 90 inside a 112-pixel square, one nodule of 6 px. */
    private static TrainingSample wideSample() {
        int w = 128;
        byte[][] stack = new byte[5][w * w];
        byte[] labels = new byte[w * w];
        for (int y = 8; y < 120; y++) {
            for (int x = 8; x < 120; x++) {
                for (int c = 0; c < 5; c++) {
                    stack[c][y * w + x] = (byte) 90;
                }
            }
        }
        paint(labels, stack, w, 20, 20, 6, 1);
        SampleManifest.SampleEntry entry = new SampleManifest.SampleEntry("w_z3", "w",
                "training", 3, new int[] {1, 2, 3, 4, 5}, true, "samples/w_z3.mhd",
                "samples/w_z3_mask.mhd", List.of(
                        new SampleManifest.Target(0, 6, new double[] {20, 20, 26, 26}, 1, 3)));
        return new TrainingSample(entry, w, w, stack, labels);
    }

    @Test
    void backgroundWindowsOfASampleWithANoduleHoldNoTargetAndShowLung() {
        TrainingSample sample = wideSample();
        SampleAugmenter always = new SampleAugmenter(Augmentation.none().withCrop(48)
                .withBackgroundCrops(0.99));
        SampleAugmenter never = new SampleAugmenter(Augmentation.none().withCrop(48));
        int background = 0;
        for (int seed = 0; seed < 60; seed++) {
            PreparedSample p = always.prepare(sample, new SplittableRandom(seed));
            assertEquals(48, p.width());
            if (p.truth().size() == 0) {
                background++;
                // no painted nodule pixel (level 200) anywhere in the window, and lung in it
                int lung = 0;
                for (float v : p.image()) {
                    assertTrue(v < 150 / 255f, "a nodule pixel in a background window");
                    lung += v > 0 ? 1 : 0;
                }
                assertTrue(lung > 0, "a background window with no lung, seed " + seed);
            } else {
                assertEquals(1, p.truth().size());
            }
            assertArrayEquals(p.image(), always.prepare(sample, new SplittableRandom(seed))
                    .image(), "the same generator gives the same window");
            assertEquals(1, never.prepare(sample, new SplittableRandom(seed)).truth().size());
        }
        assertTrue(background >= 54, background + " background windows of 60 at 0.99");
    }

    /** A 128 x 128 nodule-free sample of lung with a bright spot at pixels 100..103. */
    private static TrainingSample spotSample() {
        int w = 128;
        byte[][] stack = new byte[5][w * w];
        for (int y = 8; y < 120; y++) {
            for (int x = 8; x < 120; x++) {
                for (int c = 0; c < 5; c++) {
                    stack[c][y * w + x] = (byte) (x >= 100 && x < 104 && y >= 100 && y < 104
                            ? 250 : 90);
                }
            }
        }
        SampleManifest.SampleEntry entry = new SampleManifest.SampleEntry("n_z3", "n",
                "training", 3, new int[] {1, 2, 3, 4, 5}, true, "samples/n_z3.mhd", null,
                List.of());
        return new TrainingSample(entry, w, w, stack, null);
    }

    private static boolean showsSpot(PreparedSample p) {
        for (float v : p.image()) {
            if (v > 200 / 255f) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aMinedFalsePositiveIsInsideEveryWindowOfItsSample() {
        TrainingSample sample = spotSample();
        SampleAugmenter crops = new SampleAugmenter(Augmentation.standard().withCrop(48));
        List<Box2D> spot = List.of(new Box2D(100, 100, 104, 104));
        int seenWithout = 0;
        for (int seed = 0; seed < 60; seed++) {
            PreparedSample p = crops.prepare(sample, spot, new SplittableRandom(seed));
            assertEquals(48, p.width());
            assertEquals(0, p.truth().size());
            assertTrue(showsSpot(p), "seed " + seed + ": the window misses the mined box");
            assertArrayEquals(p.image(), crops.prepare(sample, spot, new SplittableRandom(seed))
                    .image(), "the same generator gives the same window");
            seenWithout += showsSpot(crops.prepare(sample, new SplittableRandom(seed))) ? 1 : 0;
        }
        assertTrue(seenWithout < 45, "lung windows found the spot " + seenWithout
                + " times of 60: the test would not tell mined windows from them");
    }

    @Test
    void aMinedBoxCutsTheWindowOfASampleWithNodulesTooWhoseNodulesStayLabelled() {
        TrainingSample sample = wideSample();
        SampleAugmenter crops = new SampleAugmenter(Augmentation.none().withCrop(48));
        // the nodule (20..26) lies out of every window around a box at 100..104
        List<Box2D> far = List.of(new Box2D(100, 100, 104, 104));
        // a box beside the nodule: its windows hold the nodule, which keeps its label
        List<Box2D> near = List.of(new Box2D(30, 30, 34, 34));
        for (int seed = 0; seed < 20; seed++) {
            assertEquals(1, crops.prepare(sample, new SplittableRandom(seed)).truth().size(),
                    "the usual window holds the nodule");
            assertEquals(0, crops.prepare(sample, far, new SplittableRandom(seed)).truth()
                    .size(), "seed " + seed + ": the window was not cut around the mined box");
            GroundTruth t = crops.prepare(sample, near, new SplittableRandom(seed)).truth();
            assertEquals(1, t.size(), "seed " + seed);
            float[] b = t.boxes().toArray();
            assertEquals(6, b[2] - b[0], 1e-6, "seed " + seed + ": the nodule is cut");
            assertEquals(6, b[3] - b[1], 1e-6);
        }
    }

    @Test
    void backgroundWindowsNeedCroppingAndAShareBelowOne() {
        assertThrows(IllegalArgumentException.class,
                () -> Augmentation.none().withBackgroundCrops(0.3));
        assertThrows(IllegalArgumentException.class,
                () -> Augmentation.none().withCrop(64).withBackgroundCrops(1));
        assertThrows(IllegalArgumentException.class,
                () -> Augmentation.none().withCrop(64).withBackgroundCrops(-0.1));
    }

    @Test
    void jitterChangesLungPixelsOnlyAndTheSameSeedGivesTheSameSample() {
        Augmentation jitter = new Augmentation(false, false, 0, 0.2, 0, 0);
        SampleAugmenter a = new SampleAugmenter(jitter);
        PreparedSample one = a.prepare(sample(), new SplittableRandom(5));
        PreparedSample two = a.prepare(sample(), new SplittableRandom(5));
        assertArrayEquals(one.image(), two.image());
        assertEquals(0f, one.image()[0], "outside the lungs stays zero");
        assertTrue(one.image()[8 * 64 + 4] != 100 / 255f, "a lung pixel moved");
        PreparedSample other = a.prepare(sample(), new SplittableRandom(6));
        assertFalse(java.util.Arrays.equals(one.image(), other.image()));
    }

    @Test
    void aShiftFillsWithZeroAndMayCutANoduleWhichKeepsItsVisiblePart() {
        Augmentation shift = new Augmentation(false, false, 16, 0, 0, 0);
        boolean sawShift = false;
        for (long seed = 0; seed < 30; seed++) {
            PreparedSample p = new SampleAugmenter(shift).prepare(sample(),
                    new SplittableRandom(seed));
            GroundTruth t = p.truth();
            for (int g = 0; g < t.size(); g++) {
                float[] b = t.boxes().toArray();
                assertTrue(b[4 * g] >= 0 && b[4 * g + 2] <= 64 && b[4 * g + 1] >= 0
                        && b[4 * g + 3] <= 48);
            }
            sawShift |= t.size() > 0 && t.boxes().toArray()[0] != 10;
        }
        assertTrue(sawShift);
    }
}
