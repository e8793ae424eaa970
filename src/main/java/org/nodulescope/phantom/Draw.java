package org.nodulescope.phantom;

import java.util.SplittableRandom;

/** The few distributions the phantom draws from, on top of a seeded {@link SplittableRandom}. */
final class Draw {

    private Draw() {}

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static int uniformInt(SplittableRandom rng, int lo, int hiInclusive) {
        return lo + rng.nextInt(hiInclusive - lo + 1);
    }

    static boolean chance(SplittableRandom rng, double p) {
        return rng.nextDouble() < p;
    }

    /** An index drawn with probability proportional to its weight. */
    static int weighted(SplittableRandom rng, double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** A log-normal draw with the given median, repeated until it falls in [lo, hi]. */
    static double logNormal(SplittableRandom rng, double median, double sigmaLog, double lo,
            double hi) {
        for (int i = 0; i < 1000; i++) {
            double v = median * StrictMath.exp(sigmaLog * rng.nextGaussian());
            if (v >= lo && v <= hi) {
                return v;
            }
        }
        return Math.max(lo, Math.min(hi, median));
    }

    /** A uniformly distributed unit vector, written into {@code out}. */
    static void unitVector(SplittableRandom rng, double[] out) {
        double z = uniform(rng, -1, 1);
        double phi = uniform(rng, 0, 2 * Math.PI);
        double s = Math.sqrt(1 - z * z);
        out[0] = s * StrictMath.cos(phi);
        out[1] = s * StrictMath.sin(phi);
        out[2] = z;
    }

    /** A point uniformly distributed in the ball of the given radius, as an offset. */
    static void inBall(SplittableRandom rng, double radius, double[] out) {
        unitVector(rng, out);
        double r = radius * StrictMath.cbrt(rng.nextDouble());
        out[0] *= r;
        out[1] *= r;
        out[2] *= r;
    }
}
