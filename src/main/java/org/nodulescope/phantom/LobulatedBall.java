package org.nodulescope.phantom;

import java.util.SplittableRandom;

/**
 * A nodule-like solid: a sphere whose radius varies smoothly with direction,
 * {@code r(n) = R (1 + e g(n))}, with {@code g} a sum of even polynomials in the direction n.
 *
 * <p>Because {@code g(n) = g(-n)} the solid is point-symmetric, so its centroid is exactly its
 * centre; {@code R} is scaled so that its volume is exactly that of a sphere of the nominal
 * diameter. The annotation (centre, nominal diameter) therefore describes what is drawn, even
 * though the outline is lobulated.
 */
final class LobulatedBall implements Shape {

    /** Directions of a Fibonacci sphere: a fixed, even quadrature for the volume integral. */
    private static final double[][] SPHERE = fibonacciSphere(2000);

    private final double cx;
    private final double cy;
    private final double cz;
    private final double radius;
    private final double lobulation;
    private final double[] q;
    private final double[] u1;
    private final double[] u2;
    private final double k1;
    private final double k2;
    private final double rMax;
    private final double softMm;

    /**
     * @param nominalDiameter volume-equivalent diameter, mm
     * @param lobulation relative amplitude of the radius variation, 0 for a sphere
     * @param softMm extra edge blur, mm (ground-glass edges fade out instead of stopping)
     */
    LobulatedBall(double[] centre, double nominalDiameter, double lobulation, double softMm,
            SplittableRandom rng) {
        this.cx = centre[0];
        this.cy = centre[1];
        this.cz = centre[2];
        this.lobulation = lobulation;
        this.softMm = softMm;
        // A random traceless symmetric matrix; dividing by its Frobenius norm bounds |n.Qn| by 1.
        double[] g = new double[6];
        for (int i = 0; i < 6; i++) {
            g[i] = rng.nextGaussian();
        }
        double mean = (g[0] + g[1] + g[2]) / 3;
        double[] m = {g[0] - mean, g[1] - mean, g[2] - mean, g[3], g[4], g[5]};
        double norm = Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]
                + 2 * (m[3] * m[3] + m[4] * m[4] + m[5] * m[5]));
        this.q = new double[6];
        for (int i = 0; i < 6; i++) {
            q[i] = norm > 0 ? m[i] / norm : 0;
        }
        this.u1 = new double[3];
        this.u2 = new double[3];
        Draw.unitVector(rng, u1);
        Draw.unitVector(rng, u2);
        this.k1 = Draw.uniform(rng, 0, 1);
        this.k2 = Draw.uniform(rng, 0, 1);
        double cubeMean = 0;
        for (double[] n : SPHERE) {
            double s = 1 + lobulation * shape(n[0], n[1], n[2]);
            cubeMean += s * s * s;
        }
        cubeMean /= SPHERE.length;
        this.radius = nominalDiameter / 2 / StrictMath.cbrt(cubeMean);
        this.rMax = radius * (1 + lobulation * (1 + 0.8 * (k1 + k2)));
    }

    /** The direction-dependent part g(n) for a unit vector n. */
    private double shape(double nx, double ny, double nz) {
        double quad = q[0] * nx * nx + q[1] * ny * ny + q[2] * nz * nz
                + 2 * (q[3] * nx * ny + q[4] * nx * nz + q[5] * ny * nz);
        double p1 = nx * u1[0] + ny * u1[1] + nz * u1[2];
        double p2 = nx * u2[0] + ny * u2[1] + nz * u2[2];
        p1 *= p1;
        p2 *= p2;
        return quad + k1 * (p1 * p1 - 0.2) + k2 * (p2 * p2 - 0.2);
    }

    /** Radius in direction (nx, ny, nz), which must be a unit vector. */
    double radiusToward(double nx, double ny, double nz) {
        return radius * (1 + lobulation * shape(nx, ny, nz));
    }

    @Override
    public double zMin() {
        return cz - rMax - softMm;
    }

    @Override
    public double zMax() {
        return cz + rMax + softMm;
    }

    @Override
    public double[] bounds() {
        double e = rMax + softMm;
        return new double[] {cx - e, cy - e, cz - e, cx + e, cy + e, cz + e};
    }

    @Override
    public boolean contains(double x, double y, double z) {
        double px = x - cx;
        double py = y - cy;
        double pz = z - cz;
        double t = Math.sqrt(px * px + py * py + pz * pz);
        if (t < 1e-9) {
            return true;
        }
        return t <= radiusToward(px / t, py / t, pz / t);
    }

    @Override
    public void rasterize(SliceRaster r) {
        double reach = rMax + softMm + r.halfExtentSum();
        double pz = r.z - cz;
        if (Math.abs(pz) > reach) {
            return;
        }
        int i0 = r.colFrom(cx - reach);
        int i1 = r.colTo(cx + reach);
        int j0 = r.rowFrom(cy - reach);
        int j1 = r.rowTo(cy + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        r.touch(i0, i1, j0, j1);
        double reach2 = reach * reach;
        double sx = r.sx;
        double sy = r.sy;
        double sz = r.sz;
        // A ball smaller than the voxel is drawn as a box of its true volume: its radius along
        // the axes the voxel resolves, the rest of its volume along the one it does not.
        boolean thin = 2 * radius < Math.max(sx, Math.max(sy, sz));
        double hx = radius;
        double hy = radius;
        double hz = radius;
        if (thin) {
            double volume = 4.0 / 3 * Math.PI * radius * radius * radius;
            if (sz >= sx && sz >= sy) {
                hz = volume / (8 * hx * hy);
            } else if (sx >= sy) {
                hx = volume / (8 * hy * hz);
            } else {
                hy = volume / (8 * hx * hz);
            }
        }
        for (int j = j0; j <= j1; j++) {
            double py = r.ys[j] - cy;
            int rowStart = j * r.nx;
            for (int i = i0; i <= i1; i++) {
                double px = r.xs[i] - cx;
                double d2 = px * px + py * py + pz * pz;
                if (d2 >= reach2) {
                    continue;
                }
                double t = Math.sqrt(d2);
                double rr;
                double c;
                if (t > 1e-9) {
                    double nx = px / t;
                    double ny = py / t;
                    double nz = pz / t;
                    rr = radiusToward(nx, ny, nz);
                    if (thin) {
                        c = Ramp.slab(px, hx, sx + softMm) * Ramp.slab(py, hy, sy + softMm)
                                * Ramp.slab(pz, hz, sz + softMm);
                    } else {
                        double w = Math.abs(nx) * sx + Math.abs(ny) * sy + Math.abs(nz) * sz + softMm;
                        c = Ramp.slab(t, rr - w * w / (12 * rr), w);
                    }
                } else {
                    rr = radius;
                    c = thin ? Ramp.slab(0, hx, sx) * Ramp.slab(0, hy, sy) * Ramp.slab(0, hz, sz) : 1;
                }
                boolean in = t <= rr;
                if (c > 0 || in) {
                    r.cover(rowStart + i, c, in);
                }
            }
        }
    }

    private static double[][] fibonacciSphere(int n) {
        double[][] out = new double[n][];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < n; i++) {
            double z = 1 - (2 * i + 1.0) / n;
            double s = Math.sqrt(1 - z * z);
            double phi = golden * i;
            out[i] = new double[] {s * StrictMath.cos(phi), s * StrictMath.sin(phi), z};
        }
        return out;
    }
}
