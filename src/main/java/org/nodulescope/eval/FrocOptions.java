package org.nodulescope.eval;

import java.util.List;

/**
 * The settings of the LUNA16 evaluation (SPEC §5); {@link #luna16()} gives the challenge's.
 *
 * @param maxMarksPerScan only the most probable marks of a scan count; 100 in LUNA16
 * @param unmeasuredDiameterMm diameter given to an excluded finding whose diameter is negative
 *     (-1 in {@code annotations_excluded.csv}); 10 mm in LUNA16
 * @param fpRates false positives per scan at which sensitivity is read, ascending; the CPM is
 *     their mean sensitivity
 * @param bootstrapSamples resamples of the scans for confidence intervals; 0 for none
 * @param seed seeds the resampling, so that a run can be repeated exactly
 * @param confidence the interval's coverage, in (0, 1); 0.95 gives the 2.5th and 97.5th
 *     percentiles
 */
public record FrocOptions(int maxMarksPerScan, double unmeasuredDiameterMm, List<Double> fpRates,
        int bootstrapSamples, long seed, double confidence) {

    /** 1/8, 1/4, 1/2, 1, 2, 4 and 8 false positives per scan. */
    public static final List<Double> LUNA16_RATES =
            List.of(0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0);

    public FrocOptions {
        fpRates = List.copyOf(fpRates);
        if (maxMarksPerScan < 1) {
            throw new IllegalArgumentException(
                    "at least one mark per scan must count, got " + maxMarksPerScan);
        }
        if (!(unmeasuredDiameterMm > 0) || !Double.isFinite(unmeasuredDiameterMm)) {
            throw new IllegalArgumentException("the diameter of unmeasured findings must be"
                    + " positive, got " + unmeasuredDiameterMm);
        }
        if (fpRates.isEmpty()) {
            throw new IllegalArgumentException("at least one false-positive rate is needed");
        }
        for (int i = 0; i < fpRates.size(); i++) {
            double r = fpRates.get(i);
            if (!(r > 0) || !Double.isFinite(r) || (i > 0 && r <= fpRates.get(i - 1))) {
                throw new IllegalArgumentException("false-positive rates must be positive and"
                        + " ascending, got " + fpRates);
            }
        }
        if (bootstrapSamples < 0) {
            throw new IllegalArgumentException(
                    "bootstrap samples must not be negative, got " + bootstrapSamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }

    /** LUNA16's evaluation: 100 marks, 10 mm, the seven rates, 1,000 resamples, seed 0, 95 %. */
    public static FrocOptions luna16() {
        return new FrocOptions(100, 10, LUNA16_RATES, 1000, 0, 0.95);
    }

    public FrocOptions withBootstrap(int samples, long seed) {
        return new FrocOptions(maxMarksPerScan, unmeasuredDiameterMm, fpRates, samples, seed,
                confidence);
    }
}
