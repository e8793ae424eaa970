package org.nodulescope.preprocess.iqa;

import org.nodulescope.preprocess.HuWindow;

/**
 * Shannon entropy in bits of the 256-bin grey-level histogram of an 8-bit image,
 * {@code H = -sum p_i log2 p_i} over non-empty bins (paper §3.4.1): 0 for a constant image,
 * 8 for one using every level equally.
 */
public final class HistogramEntropy {

    public static final int BINS = 256;

    private HistogramEntropy() {
    }

    /** Entropy of an 8-bit image (unsigned levels). */
    public static double bits(byte[] levels) {
        return bits(histogram(levels));
    }

    /** Entropy of a [0, 1] image after the same 8-bit quantisation that feeds CLAHE. */
    public static double bitsOfUnit(float[] unit) {
        long[] hist = new long[BINS];
        for (float v : unit) {
            hist[HuWindow.toByteLevel(v)]++;
        }
        return bits(hist);
    }

    /** Counts of each level 0..255. */
    public static long[] histogram(byte[] levels) {
        long[] hist = new long[BINS];
        for (byte b : levels) {
            hist[b & 0xFF]++;
        }
        return hist;
    }

    /** Entropy of any histogram (counts >= 0, not all zero). */
    public static double bits(long[] histogram) {
        long total = 0;
        for (long c : histogram) {
            if (c < 0) {
                throw new IllegalArgumentException("Histogram counts must be >= 0, got " + c);
            }
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("Entropy of an empty histogram is undefined");
        }
        double h = 0;
        for (long c : histogram) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p);
            }
        }
        // Sum in nats, convert once; clamp the -0.0 of a single full bin.
        return Math.max(0, h / Math.log(2));
    }
}
