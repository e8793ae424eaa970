package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Confidence intervals of a FROC analysis by resampling scans with replacement (the LUNA16
 * script's bootstrap): each resample draws as many scans as there are, with their nodules and
 * marks, builds its own curve and reads it at every rate; the interval of a statistic is the
 * percentile pair of its resampled values. A resample without nodules has sensitivity 0.
 */
final class FrocBootstrap {

    /** Rates of the plotted band: 2^-3 to 2^3 in steps of 2^0.05. */
    static final double[] BAND_RATES = bandRates();

    private final FrocCandidates candidates;
    private final FrocOptions options;

    /** Intervals of the CPM, of each operating point and of the band. */
    record Intervals(ConfidenceInterval cpm, List<ConfidenceInterval> atRates,
            List<ConfidenceInterval> band) {}

    FrocBootstrap(FrocCandidates candidates, FrocOptions options) {
        this.candidates = candidates;
        this.options = options;
    }

    Intervals run() {
        int samples = options.bootstrapSamples();
        List<Double> rates = options.fpRates();
        double[][] atRate = new double[rates.size()][samples];
        double[][] atBand = new double[BAND_RATES.length][samples];
        double[] cpm = new double[samples];
        double[] xs = new double[candidates.candidates() + 1];
        double[] ys = new double[candidates.candidates() + 1];
        int scans = candidates.scans();
        SplittableRandom random = new SplittableRandom(options.seed());
        for (int b = 0; b < samples; b++) {
            int[] weights = new int[scans];
            for (int k = 0; k < scans; k++) {
                weights[random.nextInt(scans)]++;
            }
            int n = candidates.curve(weights, xs, ys, null);
            double sum = 0;
            for (int r = 0; r < rates.size(); r++) {
                atRate[r][b] = FrocCurve.interp(rates.get(r), xs, ys, n);
                sum += atRate[r][b];
            }
            cpm[b] = sum / rates.size();
            for (int g = 0; g < BAND_RATES.length; g++) {
                atBand[g][b] = FrocCurve.interp(BAND_RATES[g], xs, ys, n);
            }
        }
        double c = options.confidence();
        List<ConfidenceInterval> perRate = new ArrayList<>();
        for (double[] values : atRate) {
            perRate.add(ConfidenceInterval.of(values, c));
        }
        List<ConfidenceInterval> band = new ArrayList<>();
        for (double[] values : atBand) {
            band.add(ConfidenceInterval.of(values, c));
        }
        return new Intervals(ConfidenceInterval.of(cpm, c), perRate, band);
    }

    private static double[] bandRates() {
        double[] r = new double[121];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.pow(2, -3 + i * 0.05);
        }
        return r;
    }
}
