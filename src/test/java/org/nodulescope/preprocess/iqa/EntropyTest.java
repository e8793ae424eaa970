package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nodulescope.preprocess.Fixtures;
import org.nodulescope.preprocess.HuWindow;

/** HistogramEntropy (named for the build's -Dtest=Entropy* filter). */
class EntropyTest {

    @Test
    void everyLevelEquallyOftenIsEightBits() {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertEquals(8.0, HistogramEntropy.bits(all), 1e-12);
    }

    @Test
    void constantImageIsZeroBits() {
        byte[] flat = new byte[1000];
        Arrays.fill(flat, (byte) 200);
        assertEquals(0.0, HistogramEntropy.bits(flat));
    }

    @Test
    void knownHistograms() {
        assertEquals(1.0, HistogramEntropy.bits(new long[] {5, 5}), 1e-15);
        assertEquals(2.0, HistogramEntropy.bits(new long[] {1, 1, 0, 1, 1}), 1e-15);
        // p = (1/2, 1/4, 1/4): 0.5 + 0.5 + 0.5 bits
        assertEquals(1.5, HistogramEntropy.bits(new long[] {2, 1, 1}), 1e-15);
    }

    /** Values from numpy (bincount, -sum p log2 p) on the fixture pair. */
    @Test
    void matchesNumpyOnAFixturePair() {
        Fixtures.Image image = Fixtures.clahe("ct_512x512");
        assertEquals(3.8141942128930144, HistogramEntropy.bits(image.input()), 1e-12);
        assertEquals(4.5297315154355058, HistogramEntropy.bits(image.opencvClahe()), 1e-12);
        float[] unit = HuWindow.fromBytes(image.input(), new float[512 * 512]);
        assertEquals(3.8141942128930144, HistogramEntropy.bitsOfUnit(unit), 1e-12);
    }

    @Test
    void emptyOrNegativeHistogramsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> HistogramEntropy.bits(new long[256]));
        assertThrows(IllegalArgumentException.class, () -> HistogramEntropy.bits(new long[] {3, -1}));
    }
}
