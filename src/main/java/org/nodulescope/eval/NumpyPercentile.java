package org.nodulescope.eval;

import java.util.Arrays;

/**
 * numpy's default percentile ({@code method="linear"}), so that thresholds and confidence
 * bounds agree with the Python tools the results are compared against: over the values sorted
 * ascending, {@code a[0..n-1]}, the position is {@code h = (n - 1) * p / 100} and the value
 * {@code a[floor(h)] + (h - floor(h)) * (a[floor(h) + 1] - a[floor(h)])}.
 */
public final class NumpyPercentile {

    private NumpyPercentile() {}

    /**
     * The percentile of unsorted values (the array is not changed).
     *
     * @param percentile in [0, 100]
     * @throws IllegalArgumentException for no values, a NaN value or a percentile out of range
     */
    public static double of(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, percentile);
    }

    /** The percentile of values already sorted ascending. */
    public static double ofSorted(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the percentile of no values is undefined");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("the values hold NaN");
        }
        double h = (sorted.length - 1) * percentile / 100;
        int below = (int) Math.floor(h);
        if (below >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double fraction = h - below;
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
    }
}
