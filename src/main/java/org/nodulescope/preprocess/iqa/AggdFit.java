package org.nodulescope.preprocess.iqa;

import org.apache.commons.math3.special.Gamma;

/**
 * A fit of the asymmetric generalised Gaussian distribution (AGGD) to a set of values, by moment
 * matching as BRISQUE does: left and right spreads from the mean squares of the negative and
 * positive values, and the shape {@code gamma} read off a table of
 * {@code r(g) = Gamma(2/g)^2 / (Gamma(1/g) Gamma(3/g))} for g from 0.2 upwards in steps of 0.001,
 * walking until the distance to the measured ratio stops falling (the OpenCV quality module's
 * search, including its early stop at the first rise).
 *
 * <p>Sums are in double over the float values, in row-major order. Zeros count towards the total
 * but towards neither side; NaN values likewise. With no negative (or no positive) values a spread
 * is NaN, and the search then runs to its end (g close to 10), as OpenCV's does.
 */
record AggdFit(double leftSigma, double rightSigma, double gamma) {

    private static final double STEP = 0.001;
    private static final double START = 0.2;
    private static final double END = 10;

    /** The search grid and r(g) on it, built once by the same repeated addition as the search. */
    private static final class Table {
        static final double[] SHAPES;
        static final double[] RATIOS;

        static {
            int n = 0;
            for (double g = START; g < END; g += STEP) {
                n++;
            }
            SHAPES = new double[n];
            RATIOS = new double[n];
            int i = 0;
            for (double g = START; g < END; g += STEP) {
                double g2 = Gamma.gamma(2 / g);
                SHAPES[i] = g;
                RATIOS[i] = g2 * g2 / (Gamma.gamma(1 / g) * Gamma.gamma(3 / g));
                i++;
            }
        }
    }

    static AggdFit of(float[] values) {
        long positives = 0;
        long negatives = 0;
        double positiveSquares = 0;
        double negativeSquares = 0;
        double absoluteSum = 0;
        for (float v : values) {
            double p = v;
            if (p > 0) {
                positives++;
                positiveSquares += p * p;
                absoluteSum += p;
            } else if (p < 0) {
                negatives++;
                negativeSquares += p * p;
                absoluteSum -= p;
            }
        }
        double left = Math.pow(negativeSquares / negatives, 0.5);
        double right = Math.pow(positiveSquares / positives, 0.5);
        double ratio = left / right;
        double total = values.length;
        double rHat = Math.pow(absoluteSum / total, 2) / ((negativeSquares + positiveSquares) / total);
        double rHatNorm = rHat * (Math.pow(ratio, 3) + 1) * (ratio + 1)
                / Math.pow(Math.pow(ratio, 2) + 1, 2);

        double best = 0;
        double previous = 1e10;
        double[] shapes = Table.SHAPES;
        double[] ratios = Table.RATIOS;
        for (int i = 0; i < shapes.length; i++) {
            double diff = Math.abs(ratios[i] - rHatNorm);
            if (diff > previous) {
                break;
            }
            previous = diff;
            best = shapes[i];
        }
        return new AggdFit(left, right, best);
    }

    /** The AGGD mean implied by the fit: (right - left) Gamma(2/g) / sqrt(Gamma(1/g) Gamma(3/g)). */
    double mean() {
        double constant = Math.sqrt(Gamma.gamma(1 / gamma)) / Math.sqrt(Gamma.gamma(3 / gamma));
        return (rightSigma - leftSigma) * (Gamma.gamma(2 / gamma) / Gamma.gamma(1 / gamma)) * constant;
    }
}
