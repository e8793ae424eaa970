package org.nodulescope.phantom;

/**
 * The scanner couch under the patient's back: a curved band, constant along z, whose sides rise
 * toward the front like a cradle. Part of every real scan, and a bright object a lung
 * segmentation must learn to ignore.
 */
final class PatientTable implements Shape {

    private final double xc;
    private final double yTop;
    private final double curvature;
    private final double thickness;
    private final double halfWidth;
    private final double zMin;
    private final double zMax;

    /**
     * @param yTop world y of the table's upper surface under the midline
     * @param curvature rise of the surface toward the front per mm^2 of lateral offset
     */
    PatientTable(double xc, double yTop, double curvature, double thickness, double halfWidth,
            double zMin, double zMax) {
        this.xc = xc;
        this.yTop = yTop;
        this.curvature = curvature;
        this.thickness = thickness;
        this.halfWidth = halfWidth;
        this.zMin = zMin;
        this.zMax = zMax;
    }

    private double midY(double x) {
        double dx = x - xc;
        return yTop + thickness / 2 - curvature * dx * dx;
    }

    @Override
    public double zMin() {
        return zMin;
    }

    @Override
    public double zMax() {
        return zMax;
    }

    @Override
    public double[] bounds() {
        return new double[] {xc - halfWidth, yTop - curvature * halfWidth * halfWidth, zMin,
            xc + halfWidth, yTop + thickness, zMax};
    }

    @Override
    public boolean contains(double x, double y, double z) {
        return z >= zMin && z <= zMax && Math.abs(x - xc) <= halfWidth
                && Math.abs(y - midY(x)) <= thickness / 2;
    }

    @Override
    public void rasterize(SliceRaster r) {
        double reach = r.sx + r.sy;
        int i0 = r.colFrom(xc - halfWidth - reach);
        int i1 = r.colTo(xc + halfWidth + reach);
        int j0 = r.rowFrom(yTop - curvature * halfWidth * halfWidth - reach);
        int j1 = r.rowTo(yTop + thickness + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        r.touch(i0, i1, j0, j1);
        for (int i = i0; i <= i1; i++) {
            double x = r.xs[i];
            double mid = midY(x);
            double slope = Math.abs(2 * curvature * (x - xc));
            double w = slope * r.sx + r.sy;
            double side = Ramp.of(Math.abs(x - xc) - halfWidth, r.sx);
            for (int j = j0; j <= j1; j++) {
                double f = Math.abs(r.ys[j] - mid) - thickness / 2;
                double c = Ramp.slab(r.ys[j] - mid, thickness / 2, w) * side;
                boolean in = f <= 0 && Math.abs(x - xc) <= halfWidth;
                if (c > 0 || in) {
                    r.cover(j * r.nx + i, c, in);
                }
            }
        }
    }
}
