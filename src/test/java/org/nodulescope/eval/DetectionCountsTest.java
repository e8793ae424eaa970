package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DetectionCountsTest {

    @Test
    void ratesFromCounts() {
        DetectionCounts c = new DetectionCounts(8, 2, 5);
        assertEquals(0.8, c.precision(), 1e-12);
        assertEquals(8.0 / 13, c.recall(), 1e-12);
        // 2 * 0.8 * 0.6154 / (0.8 + 0.6154) = 16 / 23
        assertEquals(16.0 / 23, c.f1(), 1e-12);
        double p = c.precision();
        double r = c.recall();
        assertEquals(2 * p * r / (p + r), c.f1(), 1e-12);
        assertEquals(10, c.predictions());
        assertEquals(13, c.truths());
    }

    @Test
    void zeroOverZeroIsZero() {
        assertEquals(0, DetectionCounts.ZERO.precision(), 0);
        assertEquals(0, DetectionCounts.ZERO.recall(), 0);
        assertEquals(0, DetectionCounts.ZERO.f1(), 0);
        DetectionCounts nothingPredicted = new DetectionCounts(0, 0, 4);
        assertEquals(0, nothingPredicted.precision(), 0);
        assertEquals(0, nothingPredicted.recall(), 0);
        DetectionCounts noNodules = new DetectionCounts(0, 3, 0);
        assertEquals(0, noNodules.recall(), 0);
        assertEquals(0, noNodules.f1(), 0);
    }

    @Test
    void countsAddAcrossScans() {
        DetectionCounts sum = new DetectionCounts(1, 2, 3).plus(new DetectionCounts(4, 0, 1));
        assertEquals(new DetectionCounts(5, 2, 4), sum);
        assertEquals(5.0 / 7, sum.precision(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new DetectionCounts(-1, 0, 0));
    }
}
