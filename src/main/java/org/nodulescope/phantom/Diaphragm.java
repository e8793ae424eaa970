package org.nodulescope.phantom;

/**
 * The diaphragm as the upper envelope of two paraboloid domes, the right one higher.
 *
 * <p>A paraboloid drops fastest where it is farthest from its top, so placing the tops anteriorly
 * makes the posterior costophrenic recesses the deepest part of each lung, as in life.
 */
final class Diaphragm {

    private final double[] top;
    private final double[] x0;
    private final double[] y0;
    private final double[] rx;
    private final double[] ry;

    /** Index 0 is the right dome, 1 the left; {@code rx, ry} are radii of curvature, mm. */
    Diaphragm(double[] top, double[] x0, double[] y0, double[] rx, double[] ry) {
        this.top = top.clone();
        this.x0 = x0.clone();
        this.y0 = y0.clone();
        this.rx = rx.clone();
        this.ry = ry.clone();
    }

    private double dome(int i, double x, double y) {
        double dx = x - x0[i];
        double dy = y - y0[i];
        return top[i] - dx * dx / (2 * rx[i]) - dy * dy / (2 * ry[i]);
    }

    /** World z of the diaphragm surface above (x, y). */
    double height(double x, double y) {
        return Math.max(dome(0, x, y), dome(1, x, y));
    }

    /** The highest point of either dome. */
    double highest() {
        return Math.max(top[0], top[1]);
    }

    double domeTop(int side) {
        return top[side < 0 ? 0 : 1];
    }

    /** Fraction of the voxel at (x, y, z) above the surface (in the chest, not the abdomen). */
    double coverageAbove(double x, double y, double z, double sx, double sy, double sz) {
        int i = dome(0, x, y) >= dome(1, x, y) ? 0 : 1;
        double dx = x - x0[i];
        double dy = y - y0[i];
        double h = top[i] - dx * dx / (2 * rx[i]) - dy * dy / (2 * ry[i]);
        double w = Math.abs(dx / rx[i]) * sx + Math.abs(dy / ry[i]) * sy + sz;
        return Ramp.of(h - z, w);
    }

    boolean isAbove(double x, double y, double z) {
        return z >= height(x, y);
    }

    /** Whether a slice at z (slab half-thickness included in margin) can touch the surface. */
    boolean mayCut(double z, double marginMm) {
        return z - marginMm < highest();
    }
}
