package org.nodulescope.phantom;

/**
 * A rotated ellipsoid: the heart and its fat, a gas bubble, a flat scar. It can be clipped to the
 * part above the diaphragm, where the heart rests on it instead of sinking into the liver.
 */
final class Ellipsoid implements Shape {

    private final double[] c;
    /** Rows are the unit principal axes divided by their semi-axis lengths. */
    private final double[][] m;
    private final double[] half;
    private final Diaphragm clipAbove;

    /**
     * @param axes three orthonormal principal directions
     * @param semiAxes the semi-axis lengths along them, mm
     * @param clipAbove when not null, only the part above this diaphragm exists
     */
    Ellipsoid(double[] centre, double[][] axes, double[] semiAxes, Diaphragm clipAbove) {
        this.c = centre.clone();
        this.m = new double[3][3];
        this.half = new double[3];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                m[k][i] = axes[k][i] / semiAxes[k];
            }
        }
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                double v = semiAxes[k] * axes[k][i];
                s += v * v;
            }
            half[i] = Math.sqrt(s);
        }
        this.clipAbove = clipAbove;
    }

    /** Axes rotated by {@code yaw} about z, then the first axis tilted down by {@code pitch}. */
    static double[][] axes(double yaw, double pitch) {
        double cy = StrictMath.cos(yaw);
        double sy = StrictMath.sin(yaw);
        double cp = StrictMath.cos(pitch);
        double sp = StrictMath.sin(pitch);
        double[] e1 = {cy * cp, -sy * cp, -sp};
        double[] e2 = {sy, cy, 0};
        double[] e3 = {
            e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]
        };
        return new double[][] {e1, e2, e3};
    }

    @Override
    public double zMin() {
        return c[2] - half[2];
    }

    @Override
    public double zMax() {
        return c[2] + half[2];
    }

    @Override
    public double[] bounds() {
        return new double[] {c[0] - half[0], c[1] - half[1], zMin(), c[0] + half[0], c[1] + half[1], zMax()};
    }

    @Override
    public boolean contains(double x, double y, double z) {
        double px = x - c[0];
        double py = y - c[1];
        double pz = z - c[2];
        double f = -1;
        for (int k = 0; k < 3; k++) {
            double v = m[k][0] * px + m[k][1] * py + m[k][2] * pz;
            f += v * v;
        }
        return f <= 0 && (clipAbove == null || clipAbove.isAbove(x, y, z));
    }

    @Override
    public void rasterize(SliceRaster r) {
        double reach = r.halfExtentSum();
        double z = r.z;
        if (z < zMin() - reach || z > zMax() + reach) {
            return;
        }
        int i0 = r.colFrom(c[0] - half[0] - reach);
        int i1 = r.colTo(c[0] + half[0] + reach);
        int j0 = r.rowFrom(c[1] - half[1] - reach);
        int j1 = r.rowTo(c[1] + half[1] + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        r.touch(i0, i1, j0, j1);
        boolean clip = clipAbove != null && clipAbove.mayCut(z, r.sz + 3 * (r.sx + r.sy));
        double pz = z - c[2];
        double[] m0 = m[0];
        double[] m1 = m[1];
        double[] m2 = m[2];
        for (int j = j0; j <= j1; j++) {
            double py = r.ys[j] - c[1];
            double a0 = m0[1] * py + m0[2] * pz;
            double a1 = m1[1] * py + m1[2] * pz;
            double a2 = m2[1] * py + m2[2] * pz;
            int rowStart = j * r.nx;
            for (int i = i0; i <= i1; i++) {
                double px = r.xs[i] - c[0];
                double v0 = m0[0] * px + a0;
                double v1 = m1[0] * px + a1;
                double v2 = m2[0] * px + a2;
                double f = v0 * v0 + v1 * v1 + v2 * v2 - 1;
                if (f > 3) {
                    continue;
                }
                double gx = 2 * (v0 * m0[0] + v1 * m1[0] + v2 * m2[0]);
                double gy = 2 * (v0 * m0[1] + v1 * m1[1] + v2 * m2[1]);
                double gz = 2 * (v0 * m0[2] + v1 * m1[2] + v2 * m2[2]);
                double cv = Ramp.of(f, Math.abs(gx) * r.sx + Math.abs(gy) * r.sy + Math.abs(gz) * r.sz);
                boolean in = f <= 0;
                if (clip && (cv > 0 || in)) {
                    double above = clipAbove.coverageAbove(r.xs[i], r.ys[j], z, r.sx, r.sy, r.sz);
                    in &= above >= 0.5;
                    cv *= above;
                }
                if (cv > 0 || in) {
                    r.cover(rowStart + i, cv, in);
                }
            }
        }
    }
}
