package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grows a pulmonary vessel tree from the hilum into one lung by recursively splitting a cloud of
 * terminal points scattered through the lung.
 *
 * <p>Each branch heads for (part of the way to) the middle of the points it will supply, then
 * splits them in two across their longest extent, unevenly, and each half gets a child branch.
 * Radii follow a Murray-like law with flow proportional to the supplied territory, so a branch
 * supplying a share f of its parent's points has radius {@code r f^(1/3.4)}: about 6 mm at the
 * root, below 1 mm after some ten generations. Branches spread toward the periphery because the
 * territories do, and stay in the lung because every aim point is a lung point and a branch that
 * would leave the lung is shortened.
 */
final class VesselTreeGrower {

    private static final int AXIS_X = 0;
    /**
     * Radius ~ territory^(1/exponent). Murray's law with flow proportional to territory gives 3;
     * a slightly flatter law keeps as many 1-5 mm vessels as real scans show, since the tree
     * has far fewer terminal territories than a real lung.
     */
    static final double RADIUS_EXPONENT = 3.4;
    /** Territories of at most this many points get a single terminal twig. */
    private static final int TERMINAL_POINTS = 3;

    private final LungQuery lung;
    private final SplittableRandom rng;
    private final double minRadius;
    private final List<VesselBranch> out = new ArrayList<>();
    private double[][] points;

    VesselTreeGrower(LungQuery lung, SplittableRandom rng, double minRadius) {
        this.lung = lung;
        this.rng = rng;
        this.minRadius = minRadius;
    }

    /**
     * @param root where the tree enters the lung (may lie just outside it, in the hilum)
     * @param rootRadius radius of the root branch, mm
     * @param targets terminal points inside the lung
     */
    List<VesselBranch> grow(double[] root, double rootRadius, double[][] targets) {
        out.clear();
        points = targets.clone();
        if (points.length > 0) {
            split(root, 0, points.length, rootRadius, 0, -1);
        }
        return List.copyOf(out);
    }

    private void split(double[] start, int from, int to, double radius, int generation, int parent) {
        int n = to - from;
        double[] centroid = new double[3];
        for (int i = from; i < to; i++) {
            for (int d = 0; d < 3; d++) {
                centroid[d] += points[i][d] / n;
            }
        }
        // Aim at the territory's lung point nearest its centroid: a centroid of a curved
        // territory can lie outside the lung.
        double[] aim = points[from];
        double best = Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            double d = dist2(points[i], centroid);
            if (d < best) {
                best = d;
                aim = points[i];
            }
        }
        if (n <= TERMINAL_POINTS) {
            // The smallest territories end in one twig rather than one per point: real lungs
            // show few resolvable vessels in the outer centimetre.
            if (segmentInLung(start, aim)) {
                emit(start, aim, radius, generation, parent, false);
            }
            return;
        }
        double alpha = Draw.uniform(rng, 0.35, 0.55);
        double[] node = null;
        for (int attempt = 0; attempt < 3 && node == null; attempt++) {
            double[] q = lerp(start, aim, alpha);
            if (generation == 0 || segmentInLung(start, q)) {
                node = q;
            }
            alpha *= 0.5;
        }
        int self = parent;
        double[] splitAt = start;
        if (node != null && dist2(start, node) > 0.25) {
            self = emit(start, node, radius, generation, parent, true);
            splitAt = node;
        }
        if (radius < minRadius) {
            return;
        }
        int axis = longestAxis(from, to);
        Arrays.sort(points, from, to, Comparator.comparingDouble(p -> p[axis]));
        int cut = from + (int) Math.round(n * Draw.uniform(rng, 0.3, 0.7));
        cut = Math.max(from + 1, Math.min(to - 1, cut));
        double r1 = radius * StrictMath.pow((double) (cut - from) / n, 1 / RADIUS_EXPONENT);
        double r2 = radius * StrictMath.pow((double) (to - cut) / n, 1 / RADIUS_EXPONENT);
        split(splitAt, from, cut, r1, generation + 1, self);
        split(splitAt, cut, to, r2, generation + 1, self);
    }

    /** Adds a branch, bent slightly in the middle when long, and returns its index. */
    private int emit(double[] a, double[] b, double radius, int generation, int parent,
            boolean bifurcates) {
        double len = Math.sqrt(dist2(a, b));
        if (len > 8) {
            double[] mid = lerp(a, b, 0.5);
            double[] jitter = new double[3];
            Draw.unitVector(rng, jitter);
            double amount = len * Draw.uniform(rng, 0, 0.06);
            for (int d = 0; d < 3; d++) {
                mid[d] += jitter[d] * amount;
            }
            out.add(new VesselBranch(a, mid, radius, generation, parent, false));
            out.add(new VesselBranch(mid, b, radius, generation, out.size() - 1, bifurcates));
        } else {
            out.add(new VesselBranch(a, b, radius, generation, parent, bifurcates));
        }
        return out.size() - 1;
    }

    private boolean segmentInLung(double[] a, double[] b) {
        double len = Math.sqrt(dist2(a, b));
        int steps = Math.max(1, (int) Math.ceil(len / 2));
        for (int k = 1; k <= steps; k++) {
            double t = (double) k / steps;
            if (!lung.isLung(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t,
                    a[2] + (b[2] - a[2]) * t)) {
                return false;
            }
        }
        return true;
    }

    private int longestAxis(int from, int to) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = from; i < to; i++) {
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], points[i][d]);
                hi[d] = Math.max(hi[d], points[i][d]);
            }
        }
        int axis = AXIS_X;
        for (int d = 1; d < 3; d++) {
            if (hi[d] - lo[d] > hi[axis] - lo[axis]) {
                axis = d;
            }
        }
        return axis;
    }

    private static double dist2(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        double dz = a[2] - b[2];
        return dx * dx + dy * dy + dz * dz;
    }

    private static double[] lerp(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }
}
