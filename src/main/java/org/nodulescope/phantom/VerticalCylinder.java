package org.nodulescope.phantom;

/**
 * A flat-ended cylinder along the body axis: a vertebral body, a disc, the spinal canal.
 *
 * <p>Its z-coverage is exact (the overlap of the slice's slab with the cylinder's height), which
 * renders the flat vertebral end plates with the right partial volume in thick slices.
 */
final class VerticalCylinder implements Shape {

    private final double cx;
    private final double cy;
    private final double radius;
    private final double z0;
    private final double z1;

    VerticalCylinder(double cx, double cy, double radius, double z0, double z1) {
        this.cx = cx;
        this.cy = cy;
        this.radius = radius;
        this.z0 = Math.min(z0, z1);
        this.z1 = Math.max(z0, z1);
    }

    @Override
    public double zMin() {
        return z0;
    }

    @Override
    public double zMax() {
        return z1;
    }

    @Override
    public double[] bounds() {
        return new double[] {cx - radius, cy - radius, z0, cx + radius, cy + radius, z1};
    }

    @Override
    public boolean contains(double x, double y, double z) {
        double ddx = x - cx;
        double ddy = y - cy;
        return z >= z0 && z <= z1 && ddx * ddx + ddy * ddy <= radius * radius;
    }

    @Override
    public void rasterize(SliceRaster r) {
        double z = r.z;
        double lo = Math.max(z - r.sz / 2, z0);
        double hi = Math.min(z + r.sz / 2, z1);
        double zc = Math.max(0, hi - lo) / r.sz;
        boolean zIn = z >= z0 && z <= z1;
        if (zc <= 0 && !zIn) {
            return;
        }
        double reach = radius + r.sx + r.sy;
        int i0 = r.colFrom(cx - reach);
        int i1 = r.colTo(cx + reach);
        int j0 = r.rowFrom(cy - reach);
        int j1 = r.rowTo(cy + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        r.touch(i0, i1, j0, j1);
        for (int j = j0; j <= j1; j++) {
            double ddy = r.ys[j] - cy;
            int rowStart = j * r.nx;
            for (int i = i0; i <= i1; i++) {
                double ddx = r.xs[i] - cx;
                double d2 = ddx * ddx + ddy * ddy;
                double dist = Math.sqrt(d2);
                double w = dist > 1e-9
                        ? (Math.abs(ddx) * r.sx + Math.abs(ddy) * r.sy) / dist
                        : 0.5 * (r.sx + r.sy);
                double c = Ramp.slab(dist, radius, w) * zc;
                boolean in = zIn && d2 <= radius * radius;
                if (c > 0 || in) {
                    r.cover(rowStart + i, c, in);
                }
            }
        }
    }
}
