package org.nodulescope.preprocess.iqa;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * Student's paired t-test, two-sided (paper §4.1.4: BRISQUE and entropy per scan, original against
 * CLAHE). A thin wrapper over commons-math3 that gives back everything a report needs.
 */
public final class PairedTTest {

    /**
     * @param t the t statistic of the differences {@code first - second}
     * @param p two-sided p-value, n - 1 degrees of freedom
     * @param n number of pairs
     * @param meanDifference mean of {@code first - second}
     */
    public record Result(double t, double p, int n, double meanDifference) {

        public int degreesOfFreedom() {
            return n - 1;
        }
    }

    private PairedTTest() {
    }

    /**
     * Tests whether the mean of {@code first[i] - second[i]} is zero. A positive t means
     * {@code first} is larger on average (pass the CLAHE values first to read t as the paper does).
     *
     * <p>When every difference is the same the spread is 0: t is then +/-infinity with p = 0, or
     * NaN when all differences are 0 (no evidence either way).
     *
     * @throws IllegalArgumentException unless both arrays hold the same number (at least 2) of
     *     finite values
     */
    public static Result of(double[] first, double[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("A paired t-test needs pairs: got " + first.length
                    + " and " + second.length + " values");
        }
        if (first.length < 2) {
            throw new IllegalArgumentException(
                    "A paired t-test needs at least 2 pairs, got " + first.length);
        }
        double sum = 0;
        for (int i = 0; i < first.length; i++) {
            if (!Double.isFinite(first[i]) || !Double.isFinite(second[i])) {
                throw new IllegalArgumentException("Pair " + i + " is not finite: " + first[i]
                        + ", " + second[i]);
            }
            sum += first[i] - second[i];
        }
        int n = first.length;
        double meanDifference = sum / n;
        TTest test = new TTest();
        double t = test.pairedT(first, second);
        double p;
        if (Double.isInfinite(t)) {
            p = 0;
        } else if (Double.isNaN(t)) {
            p = Double.NaN;
        } else {
            p = test.pairedTTest(first, second);
        }
        return new Result(t, p, n, meanDifference);
    }
}
