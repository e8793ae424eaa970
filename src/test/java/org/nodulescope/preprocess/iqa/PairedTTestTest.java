package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Expected numbers were computed independently with numpy (mean, sample standard deviation) and a
 * hand-written regularised incomplete beta for the two-sided p = I_{df/(df+t^2)}(df/2, 1/2), the
 * same definition scipy.stats.ttest_rel uses.
 */
class PairedTTestTest {

    private static final double[] BRISQUE_CLAHE =
            {49.2, 51.7, 47.9, 52.3, 50.1, 48.8, 53.0, 49.5, 50.6, 51.2, 47.4, 52.8};
    private static final double[] BRISQUE_ORIGINAL =
            {47.0, 48.9, 46.8, 49.1, 47.5, 47.9, 49.8, 46.2, 48.0, 48.7, 46.9, 49.3};
    private static final double[] ENTROPY_CLAHE = {4.41, 4.52, 4.48, 4.60, 4.39, 4.55, 4.47, 4.58};
    private static final double[] ENTROPY_ORIGINAL = {4.02, 4.15, 4.11, 4.19, 3.99, 4.20, 4.08, 4.16};

    @Test
    void brisqueLikeScores() {
        PairedTTest.Result r = PairedTTest.of(BRISQUE_CLAHE, BRISQUE_ORIGINAL);
        assertEquals(12, r.n());
        assertEquals(11, r.degreesOfFreedom());
        assertEquals(8.1515748514270694, r.t(), 1e-10);
        assertEquals(5.4621082218358748e-06, r.p(), 1e-6 * 5.46e-06);
        assertEquals(2.3666666666666671, r.meanDifference(), 1e-12);
    }

    @Test
    void entropyLikeScoresWithATinyP() {
        PairedTTest.Result r = PairedTTest.of(ENTROPY_CLAHE, ENTROPY_ORIGINAL);
        assertEquals(8, r.n());
        assertEquals(47.353282181210318, r.t(), 1e-8);
        assertEquals(4.899064073207029e-10, r.p(), 1e-5 * 4.9e-10);
        assertEquals(0.38749999999999973, r.meanDifference(), 1e-12);
    }

    @Test
    void swappingTheSamplesFlipsTheSignOnly() {
        PairedTTest.Result r = PairedTTest.of(ENTROPY_ORIGINAL, ENTROPY_CLAHE);
        assertEquals(-47.353282181210318, r.t(), 1e-8);
        assertEquals(4.899064073207029e-10, r.p(), 1e-5 * 4.9e-10);
        assertEquals(-0.38749999999999973, r.meanDifference(), 1e-12);
    }

    @Test
    void constantDifferencesHaveNoSpread() {
        PairedTTest.Result shifted = PairedTTest.of(new double[] {2, 3, 4}, new double[] {1, 2, 3});
        assertEquals(Double.POSITIVE_INFINITY, shifted.t());
        assertEquals(0.0, shifted.p());
        PairedTTest.Result same = PairedTTest.of(new double[] {2, 3, 4}, new double[] {2, 3, 4});
        assertTrue(Double.isNaN(same.t()));
        assertTrue(Double.isNaN(same.p()));
        assertEquals(0.0, same.meanDifference());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PairedTTest.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedTTest.of(new double[] {1}, new double[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTTest.of(new double[] {1, Double.NaN}, new double[] {2, 3}));
    }
}
