package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A FROC curve: a point at every distinct mark probability, from the highest down (marks of
 * equal probability enter together, as in scikit-learn's {@code roc_curve}, which the LUNA16
 * script uses), after a start point at (0, 0).
 *
 * <p>Sensitivity at a false-positive rate is read as {@code numpy.interp} reads it: linear
 * between neighbouring points; where several points share the rate (a vertical step, nodules hit
 * without new false positives) the last of them, the top of the step; below the first point its
 * value, past the last point the last value.
 */
public final class FrocCurve {

    private final double[] thresholds;
    private final double[] fpPerScan;
    private final double[] sensitivity;

    FrocCurve(double[] thresholds, double[] fpPerScan, double[] sensitivity) {
        if (fpPerScan.length == 0 || fpPerScan.length != sensitivity.length
                || fpPerScan.length != thresholds.length) {
            throw new IllegalArgumentException("a curve needs matching, non-empty point lists");
        }
        this.thresholds = thresholds;
        this.fpPerScan = fpPerScan;
        this.sensitivity = sensitivity;
    }

    public List<FrocPoint> points() {
        List<FrocPoint> out = new ArrayList<>(fpPerScan.length);
        for (int i = 0; i < fpPerScan.length; i++) {
            out.add(new FrocPoint(thresholds[i], fpPerScan[i], sensitivity[i]));
        }
        return out;
    }

    /** Sensitivity at a false-positive rate, with numpy.interp's semantics. */
    public double sensitivityAt(double fpRate) {
        return interp(fpRate, fpPerScan, sensitivity, fpPerScan.length);
    }

    /**
     * {@code numpy.interp(x, xs[0:n], ys[0:n])} for non-decreasing {@code xs}: the last index
     * {@code j} with {@code xs[j] <= x} anchors the value, so equal x values resolve to the
     * last of them.
     */
    static double interp(double x, double[] xs, double[] ys, int n) {
        if (x < xs[0]) {
            return ys[0];
        }
        if (x >= xs[n - 1]) {
            return ys[n - 1];
        }
        int lo = 0;
        int hi = n; // first index with xs[index] > x lies in (lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x >= xs[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int j = lo - 1;
        if (xs[j] == x) {
            return ys[j];
        }
        double slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j]);
        return ys[j] + slope * (x - xs[j]);
    }
}
