package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.ManagerPerTest;

/** Sampler invariants: counts, fractions, eligibility and repeatability with a seed. */
@ExtendWith(ManagerPerTest.class)
class BalancedPositiveNegativeSamplerTest {

    private NDManager manager;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
    }

    /** Labels: 1..k positive, 0 negative, -1 and -2 ignored, in a fixed scattered pattern. */
    private long[] labels(int n, int positives, int negatives) {
        long[] labels = new long[n];
        java.util.Arrays.fill(labels, -1);
        for (int i = 0; i < n; i++) {
            int slot = (int) ((i * 7919L) % n);
            if (i < positives) {
                labels[slot] = 1 + i % 3;
            } else if (i < positives + negatives) {
                labels[slot] = 0;
            } else if (i % 2 == 0) {
                labels[slot] = -2;
            }
        }
        return labels;
    }

    private static boolean[] mask(NDArray array) {
        return array.toBooleanArray();
    }

    private static int count(boolean[] mask) {
        int c = 0;
        for (boolean b : mask) {
            c += b ? 1 : 0;
        }
        return c;
    }

    @Test
    void rpnDrawsHalfPositivesWhenThereAreEnough() {
        long[] labels = labels(5000, 400, 3000);
        var sample = BalancedPositiveNegativeSampler.forRpn(new Random(1))
                .sample(manager.create(labels));
        boolean[] pos = mask(sample.positive());
        boolean[] neg = mask(sample.negative());
        assertEquals(128, count(pos));
        assertEquals(128, count(neg));
        for (int i = 0; i < labels.length; i++) {
            assertTrue(!pos[i] || labels[i] >= 1, "positive drawn from label " + labels[i]);
            assertTrue(!neg[i] || labels[i] == 0, "negative drawn from label " + labels[i]);
            assertFalse(pos[i] && neg[i]);
        }
    }

    @Test
    void roiFillsTheBatchWithNegativesWhenPositivesAreScarce() {
        long[] labels = labels(3000, 20, 2000);
        var sample = BalancedPositiveNegativeSampler.forRoiHeads(new Random(2))
                .sample(manager.create(labels));
        assertEquals(20, count(mask(sample.positive())), "all positives");
        assertEquals(492, count(mask(sample.negative())), "512 - 20");
    }

    @Test
    void takesEverythingWhenBothPoolsAreSmall() {
        long[] labels = labels(300, 30, 50);
        var sample = BalancedPositiveNegativeSampler.forRoiHeads(new Random(3))
                .sample(manager.create(labels));
        assertEquals(30, count(mask(sample.positive())));
        assertEquals(50, count(mask(sample.negative())));
    }

    @Test
    void sameSeedSameBatchOtherSeedOtherBatch() {
        NDArray labels = manager.create(labels(5000, 400, 3000));
        var a = BalancedPositiveNegativeSampler.forRpn(new Random(7)).sample(labels);
        var b = BalancedPositiveNegativeSampler.forRpn(new Random(7)).sample(labels);
        var c = BalancedPositiveNegativeSampler.forRpn(new Random(8)).sample(labels);
        assertArrayEquals(mask(a.positive()), mask(b.positive()));
        assertArrayEquals(mask(a.negative()), mask(b.negative()));
        assertNotEquals(java.util.Arrays.toString(mask(a.positive())),
                java.util.Arrays.toString(mask(c.positive())));
    }

    @Test
    void drawsEveryEligiblePositiveEquallyOften() {
        // 8 positives, 2 drawn each time: each should be drawn about 1/4 of the time
        long[] labels = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
        NDArray array = manager.create(labels);
        var sampler = new BalancedPositiveNegativeSampler(4, 0.5f, new Random(11));
        int[] hits = new int[8];
        int rounds = 4000;
        for (int r = 0; r < rounds; r++) {
            boolean[] pos = mask(sampler.sample(array).positive());
            for (int i = 0; i < 8; i++) {
                hits[i] += pos[i] ? 1 : 0;
            }
        }
        for (int h : hits) {
            assertEquals(0.25, h / (double) rounds, 0.04);
        }
    }

    @Test
    void checksItsArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> new BalancedPositiveNegativeSampler(0, 0.5f, new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new BalancedPositiveNegativeSampler(10, 1.5f, new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new BalancedPositiveNegativeSampler(10, 0.5f, (Random) null));
        assertThrows(IllegalArgumentException.class,
                () -> new BalancedPositiveNegativeSampler(10, 0.5f,
                        (BalancedPositiveNegativeSampler.Draw) null));
    }

    @Test
    void smallestKeysTakesTheCandidatesOfSmallestUnsignedKey() {
        // key: 5 - i for i < 5, and a negative (large unsigned) key for index 5
        BalancedPositiveNegativeSampler.Draw draw = BalancedPositiveNegativeSampler.Draw
                .smallestKeys(i -> i == 5 ? -1L : 5 - i);
        int[] chosen = draw.choose(new int[] {0, 2, 3, 5}, 3);
        java.util.Arrays.sort(chosen);
        assertArrayEquals(new int[] {0, 2, 3}, chosen);
        assertArrayEquals(new int[] {3}, draw.choose(new int[] {0, 2, 3, 5}, 1));
    }

    @Test
    void hardestFirstTakesItsShareByHardnessAndDrawsTheRestFromTheOthers() {
        float[] hardness = new float[40];
        for (int i = 0; i < hardness.length; i++) {
            hardness[i] = (i * 17 % 40) / 40f;
        }
        int[] pool = java.util.stream.IntStream.range(0, 40).filter(i -> i % 5 != 0).toArray();
        BalancedPositiveNegativeSampler.Draw uniform = BalancedPositiveNegativeSampler.Draw
                .shuffle(new Random(3));
        int[] chosen = BalancedPositiveNegativeSampler.Draw.hardestFirst(hardness, 0.5, uniform)
                .choose(pool, 10);
        assertEquals(10, chosen.length);
        assertEquals(10, java.util.Arrays.stream(chosen).distinct().count());
        // the first five are the pool's five hardest, in order; the rest come from the others
        Integer[] byHardness = java.util.Arrays.stream(pool).boxed()
                .sorted((a, b) -> Float.compare(hardness[b], hardness[a])).toArray(Integer[]::new);
        for (int k = 0; k < 5; k++) {
            assertEquals(byHardness[k], chosen[k]);
        }
        java.util.Set<Integer> poolSet = new java.util.HashSet<>();
        for (int i : pool) {
            poolSet.add(i);
        }
        for (int k = 5; k < 10; k++) {
            assertTrue(poolSet.contains(chosen[k]), "drawn from outside the pool");
            for (int j = 0; j < 5; j++) {
                assertNotEquals(byHardness[j], chosen[k], "a hardest one drawn twice");
            }
        }
        // share 1 is the hardest only; share 0 is the uniform draw itself
        int[] all = BalancedPositiveNegativeSampler.Draw.hardestFirst(hardness, 1, uniform)
                .choose(pool, 4);
        assertArrayEquals(new int[] {byHardness[0], byHardness[1], byHardness[2],
            byHardness[3]}, all);
        assertArrayEquals(BalancedPositiveNegativeSampler.Draw.shuffle(new Random(9))
                .choose(pool, 6), BalancedPositiveNegativeSampler.Draw.hardestFirst(hardness, 0,
                        BalancedPositiveNegativeSampler.Draw.shuffle(new Random(9)))
                .choose(pool, 6));
        assertThrows(IllegalArgumentException.class, () -> BalancedPositiveNegativeSampler.Draw
                .hardestFirst(hardness, 1.5, uniform));
    }

    @Test
    void positivesAndNegativesCanBeDrawnTwoWays() {
        long[] values = labels(60, 10, 40);
        float[] hardness = new float[60];
        for (int i = 0; i < 60; i++) {
            hardness[i] = values[i] == 0 ? i : -1;
        }
        BalancedPositiveNegativeSampler sampler = new BalancedPositiveNegativeSampler(16, 0.25f,
                BalancedPositiveNegativeSampler.Draw.shuffle(new Random(1)),
                BalancedPositiveNegativeSampler.Draw.hardestFirst(hardness, 1,
                        BalancedPositiveNegativeSampler.Draw.shuffle(new Random(2))));
        BalancedPositiveNegativeSampler.Sample sample = sampler.sample(manager.create(values));
        boolean[] negative = mask(sample.negative());
        assertEquals(4, count(mask(sample.positive())));
        assertEquals(12, count(negative));
        // the twelve negatives of highest index (their hardness)
        int seen = 0;
        for (int i = 59; i >= 0 && seen < 12; i--) {
            if (values[i] == 0) {
                assertTrue(negative[i], "negative " + i + " is among the twelve hardest");
                seen++;
            }
        }
    }
}
