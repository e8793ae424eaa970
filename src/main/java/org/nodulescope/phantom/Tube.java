package org.nodulescope.phantom;

/**
 * A straight segment with rounded ends whose radius tapers linearly from one end to the other:
 * a piece of vessel, airway, rib or aorta.
 *
 * <p>A tube wider than the voxel gets the radial edge ramp ({@link Ramp#slab}) across the voxel's
 * extent along the direction from the axis, moved inward for the tube's curvature. A tube thinner
 * than the voxel is drawn as a bar of the same cross-section area, box-filtered separately across
 * the two directions perpendicular to its axis and along it: it then contributes its true share of
 * each voxel, which is what makes small vessels faint and thick slices spread them in z.
 */
final class Tube implements Shape {

    private final double ax;
    private final double ay;
    private final double az;
    private final double dx;
    private final double dy;
    private final double dz;
    private final double r0;
    private final double dr;
    private final double rMax;
    private final double invLen2;
    private final double ux;
    private final double uy;
    private final double uz;

    Tube(double[] a, double[] b, double radiusA, double radiusB) {
        this(a[0], a[1], a[2], b[0], b[1], b[2], radiusA, radiusB);
    }

    Tube(double ax, double ay, double az, double bx, double by, double bz, double radiusA,
            double radiusB) {
        if (!(radiusA > 0) || !(radiusB > 0)) {
            throw new IllegalArgumentException("tube radii must be positive: " + radiusA + ", " + radiusB);
        }
        this.ax = ax;
        this.ay = ay;
        this.az = az;
        this.dx = bx - ax;
        this.dy = by - ay;
        this.dz = bz - az;
        this.r0 = radiusA;
        this.dr = radiusB - radiusA;
        this.rMax = Math.max(radiusA, radiusB);
        double len2 = dx * dx + dy * dy + dz * dz;
        this.invLen2 = len2 > 1e-12 ? 1 / len2 : 0;
        double len = Math.sqrt(len2);
        this.ux = len > 1e-9 ? dx / len : 0;
        this.uy = len > 1e-9 ? dy / len : 0;
        this.uz = len > 1e-9 ? dz / len : 1;
    }

    @Override
    public double zMin() {
        return Math.min(az, az + dz) - rMax;
    }

    @Override
    public double zMax() {
        return Math.max(az, az + dz) + rMax;
    }

    @Override
    public double[] bounds() {
        return new double[] {
            Math.min(ax, ax + dx) - rMax, Math.min(ay, ay + dy) - rMax, zMin(),
            Math.max(ax, ax + dx) + rMax, Math.max(ay, ay + dy) + rMax, zMax()
        };
    }

    @Override
    public boolean contains(double x, double y, double z) {
        double wx = x - ax;
        double wy = y - ay;
        double wz = z - az;
        double t = clamp01((wx * dx + wy * dy + wz * dz) * invLen2);
        double qx = wx - t * dx;
        double qy = wy - t * dy;
        double qz = wz - t * dz;
        double rad = r0 + t * dr;
        return qx * qx + qy * qy + qz * qz <= rad * rad;
    }

    private static double clamp01(double t) {
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }

    @Override
    public void rasterize(SliceRaster r) {
        double z = r.z;
        double reach = rMax + r.halfExtentSum();
        // Only the part of the axis within reach of this slice can cover it.
        double t0;
        double t1;
        if (Math.abs(dz) < 1e-9) {
            if (Math.abs(z - az) > reach) {
                return;
            }
            t0 = 0;
            t1 = 1;
        } else {
            double ta = (z - reach - az) / dz;
            double tb = (z + reach - az) / dz;
            t0 = Math.max(0, Math.min(ta, tb));
            t1 = Math.min(1, Math.max(ta, tb));
            if (t0 > t1) {
                return;
            }
        }
        double xa = ax + t0 * dx;
        double xb = ax + t1 * dx;
        double ya = ay + t0 * dy;
        double yb = ay + t1 * dy;
        int i0 = r.colFrom(Math.min(xa, xb) - reach);
        int i1 = r.colTo(Math.max(xa, xb) + reach);
        int j0 = r.rowFrom(Math.min(ya, yb) - reach);
        int j1 = r.rowTo(Math.max(ya, yb) + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        r.touch(i0, i1, j0, j1);
        double sx = r.sx;
        double sy = r.sy;
        double sz = r.sz;
        // Cross-section frame: e1 toward the slice normal (the voxel's usual long side), e2 = u x e1.
        double e1x;
        double e1y;
        double e1z;
        if (Math.abs(uz) < 0.99) {
            e1x = -uz * ux;
            e1y = -uz * uy;
            e1z = 1 - uz * uz;
        } else {
            e1x = 1 - ux * ux;
            e1y = -ux * uy;
            e1z = -ux * uz;
        }
        double e1n = Math.sqrt(e1x * e1x + e1y * e1y + e1z * e1z);
        e1x /= e1n;
        e1y /= e1n;
        e1z /= e1n;
        double e2x = uy * e1z - uz * e1y;
        double e2y = uz * e1x - ux * e1z;
        double e2z = ux * e1y - uy * e1x;
        double w1 = Math.abs(e1x) * sx + Math.abs(e1y) * sy + Math.abs(e1z) * sz;
        double w2 = Math.abs(e2x) * sx + Math.abs(e2y) * sy + Math.abs(e2z) * sz;
        double wa = Math.abs(ux) * sx + Math.abs(uy) * sy + Math.abs(uz) * sz;
        double len = invLen2 > 0 ? 1 / Math.sqrt(invLen2) : 0;
        boolean thin = 2 * rMax < Math.max(w1, w2);
        // A thin tube is drawn as a bar of its true cross-section area: its true radius across
        // the voxel's short side, and pi r / 4 across the long side it cannot resolve anyway.
        boolean e1Long = w1 >= w2;
        double reach2 = reach * reach;
        double wz = z - az;
        for (int j = j0; j <= j1; j++) {
            double wy = r.ys[j] - ay;
            int rowStart = j * r.nx;
            for (int i = i0; i <= i1; i++) {
                double wx = r.xs[i] - ax;
                double along = wx * ux + wy * uy + wz * uz;
                double tc = along < 0 ? 0 : along > len ? len : along;
                double qx = wx - tc * ux;
                double qy = wy - tc * uy;
                double qz = wz - tc * uz;
                double d2 = qx * qx + qy * qy + qz * qz;
                if (d2 >= reach2) {
                    continue;
                }
                double rad = len > 0 ? r0 + dr * tc / len : r0;
                double c;
                if (thin) {
                    double px = wx - along * ux;
                    double py = wy - along * uy;
                    double pz = wz - along * uz;
                    double o1 = px * e1x + py * e1y + pz * e1z;
                    double o2 = px * e2x + py * e2y + pz * e2z;
                    double h1 = e1Long ? 0.25 * Math.PI * rad : rad;
                    double h2 = e1Long ? rad : 0.25 * Math.PI * rad;
                    c = Ramp.slab(o1, h1, w1) * Ramp.slab(o2, h2, w2)
                            * Ramp.window(along, -rad, len + rad, wa);
                } else {
                    double dist = Math.sqrt(d2);
                    double w = dist > 1e-9
                            ? (Math.abs(qx) * sx + Math.abs(qy) * sy + Math.abs(qz) * sz) / dist
                            : (sx + sy + sz) / 3;
                    c = Ramp.slab(dist, rad - w * w / (24 * rad), w);
                }
                boolean in = d2 <= rad * rad;
                if (c > 0 || in) {
                    r.cover(rowStart + i, c, in);
                }
            }
        }
    }
}
