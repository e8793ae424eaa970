package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.volume.LungLabels;

/**
 * Point questions about the finished label map while the scene is still being built: which label
 * a world point gets, how far it is from the lung's edge, a random point in a lung.
 *
 * <p>The label of a point is the label of the last label-stamping item (in painting order) that
 * contains it, exactly as the renderer stamps labels into voxels. Items are binned by z so a query
 * looks at a few dozen candidates.
 */
final class LungQuery {

    private static final double BIN_MM = 8;
    private static final double[][] DIRECTIONS = sphereDirections(64);

    private final List<SceneItem> stampers = new ArrayList<>();
    private final List<double[]> boxes = new ArrayList<>();
    private final int[][] bins;
    private final double zLow;
    private final double[][] lungBounds = new double[2][];

    LungQuery(List<SceneItem> items) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (SceneItem item : items) {
            if (item.paint().label == Paint.KEEP_LABEL) {
                continue;
            }
            stampers.add(item);
            double[] b = item.shape().bounds();
            boxes.add(b);
            if (Double.isFinite(b[2])) {
                lo = Math.min(lo, b[2]);
            }
            if (Double.isFinite(b[5])) {
                hi = Math.max(hi, b[5]);
            }
            int lab = item.paint().label;
            if (lab == LungLabels.RIGHT_LUNG || lab == LungLabels.LEFT_LUNG) {
                lungBounds[lab == LungLabels.RIGHT_LUNG ? 0 : 1] = b;
            }
        }
        this.zLow = lo;
        int n = Math.max(1, (int) Math.ceil((hi - lo) / BIN_MM) + 1);
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        for (int s = 0; s < stampers.size(); s++) {
            double[] b = boxes.get(s);
            int from = bin(Math.max(b[2], lo), n);
            int to = bin(Math.min(b[5], hi), n);
            for (int k = from; k <= to; k++) {
                lists.get(k).add(s);
            }
        }
        bins = new int[n][];
        for (int k = 0; k < n; k++) {
            bins[k] = lists.get(k).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private int bin(double z, int n) {
        int k = (int) Math.floor((z - zLow) / BIN_MM);
        return k < 0 ? 0 : k >= n ? n - 1 : k;
    }

    /** The label the renderer stamps at world point (x, y, z). */
    int label(double x, double y, double z) {
        int[] bin = bins[bin(z, bins.length)];
        for (int q = bin.length - 1; q >= 0; q--) {
            int s = bin[q];
            double[] b = boxes.get(s);
            if (x < b[0] || y < b[1] || z < b[2] || x > b[3] || y > b[4] || z > b[5]) {
                continue;
            }
            if (stampers.get(s).shape().contains(x, y, z)) {
                return stampers.get(s).paint().label;
            }
        }
        return LungLabels.BACKGROUND;
    }

    boolean isLung(double x, double y, double z) {
        int lab = label(x, y, z);
        return lab == LungLabels.RIGHT_LUNG || lab == LungLabels.LEFT_LUNG;
    }

    boolean isLung(double[] p) {
        return isLung(p[0], p[1], p[2]);
    }

    /** Whether every probe on shells of the ball (and its centre) is lung. */
    boolean ballInLung(double[] c, double radius) {
        if (!isLung(c)) {
            return false;
        }
        int shells = radius > 4 ? 3 : radius > 1.5 ? 2 : 1;
        for (int s = 1; s <= shells; s++) {
            double rad = radius * s / shells;
            for (double[] d : DIRECTIONS) {
                if (!isLung(c[0] + rad * d[0], c[1] + rad * d[1], c[2] + rad * d[2])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Distance from {@code c} to the nearest non-lung point, searched along 64 directions up to
     * {@code maxMm}, with {@code dirOut} set to the direction it was found in; {@code maxMm} and
     * a zero direction when nothing is that close.
     */
    double distanceToEdge(double[] c, double maxMm, double[] dirOut) {
        double best = maxMm;
        dirOut[0] = 0;
        dirOut[1] = 0;
        dirOut[2] = 0;
        double step = 0.5;
        for (double[] d : DIRECTIONS) {
            for (double t = step; t < best; t += step) {
                if (!isLung(c[0] + t * d[0], c[1] + t * d[1], c[2] + t * d[2])) {
                    // Refine between the last lung sample and this one.
                    double in = t - step;
                    double out = t;
                    for (int it = 0; it < 6; it++) {
                        double mid = 0.5 * (in + out);
                        if (isLung(c[0] + mid * d[0], c[1] + mid * d[1], c[2] + mid * d[2])) {
                            in = mid;
                        } else {
                            out = mid;
                        }
                    }
                    if (out < best) {
                        best = out;
                        System.arraycopy(d, 0, dirOut, 0, 3);
                    }
                    break;
                }
            }
        }
        return best;
    }

    /**
     * A point drawn uniformly from the lung with the given label (3 or 4), or from both when
     * {@code lungLabel} is 0; null after many misses.
     */
    double[] randomPoint(SplittableRandom rng, int lungLabel) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int side = lungLabel == LungLabels.RIGHT_LUNG ? 0
                    : lungLabel == LungLabels.LEFT_LUNG ? 1 : rng.nextInt(2);
            double[] b = lungBounds[side];
            if (b == null) {
                return null;
            }
            double[] p = {Draw.uniform(rng, b[0], b[3]), Draw.uniform(rng, b[1], b[4]),
                Draw.uniform(rng, b[2], b[5])};
            int lab = label(p[0], p[1], p[2]);
            if (lab == (side == 0 ? LungLabels.RIGHT_LUNG : LungLabels.LEFT_LUNG)) {
                return p;
            }
        }
        return null;
    }

    /** Near-uniform unit vectors on a Fibonacci sphere. */
    static double[][] sphereDirections(int n) {
        double[][] out = new double[n][];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < n; i++) {
            double z = 1 - (2 * i + 1.0) / n;
            double s = Math.sqrt(1 - z * z);
            out[i] = new double[] {s * StrictMath.cos(golden * i), s * StrictMath.sin(golden * i), z};
        }
        return out;
    }
}
