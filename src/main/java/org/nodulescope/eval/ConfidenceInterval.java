package org.nodulescope.eval;

/**
 * A bootstrap confidence interval: the lower and upper percentiles of a statistic over the
 * resamples.
 *
 * @param low the lower bound (the 2.5th percentile for 95 %)
 * @param high the upper bound (the 97.5th percentile for 95 %)
 */
public record ConfidenceInterval(double low, double high) {

    /** The interval of {@code confidence} coverage over the samples (numpy percentiles). */
    public static ConfidenceInterval of(double[] samples, double confidence) {
        double[] sorted = samples.clone();
        java.util.Arrays.sort(sorted);
        return new ConfidenceInterval(
                NumpyPercentile.ofSorted(sorted, 100 * (1 - confidence) / 2),
                NumpyPercentile.ofSorted(sorted, 100 * (1 + confidence) / 2));
    }
}
