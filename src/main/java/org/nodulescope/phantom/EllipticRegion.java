package org.nodulescope.phantom;

/**
 * A large body region with an elliptical outline that changes along z: a body layer, a lung,
 * the mediastinum, the upper abdomen. It may be cut by the diaphragm (keeping the part above or
 * below it), capped by a paraboloid (the lung apex) and floored at a height.
 *
 * <p>Rasterising uses row spans: pixels well inside the outline are covered without evaluating
 * anything, and the edge ramp is only computed in a band around the outline, which keeps
 * slice-filling regions cheap.
 */
final class EllipticRegion implements Shape {

    enum Clip { NONE, ABOVE_DIAPHRAGM, BELOW_DIAPHRAGM }

    /** The lung apex: the region keeps {@code z <= top - rho^2 / (2 radius)} around (x, y). */
    record ApexCap(double top, double x, double y, double radius) {
        double f(double px, double py, double pz) {
            double dx = px - x;
            double dy = py - y;
            return pz - top + (dx * dx + dy * dy) / (2 * radius);
        }
    }

    private final EllipseProfile profile;
    private final double zMin;
    private final double zMax;
    private final Diaphragm diaphragm;
    private final Clip clip;
    private final ApexCap apex;
    private final double floorZ;
    private final double[] bounds;

    /**
     * @param zMin lowest z where the region exists
     * @param zMax highest z where the region exists
     * @param floorZ the region is cut off below this height (with a partial-volume ramp), or NaN
     */
    EllipticRegion(EllipseProfile profile, double zMin, double zMax, Diaphragm diaphragm, Clip clip,
            ApexCap apex, double floorZ) {
        this.profile = profile;
        this.zMin = zMin;
        this.zMax = zMax;
        this.diaphragm = diaphragm;
        this.clip = clip;
        this.apex = apex;
        this.floorZ = floorZ;
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (int s = 0; s <= 128; s++) {
            SliceEllipse e = profile.at(zMin + (zMax - zMin) * s / 128);
            double wide = Math.sqrt(1 / (1 - 0.25 * Math.min(e.square, 0.99))) * 1.05;
            x0 = Math.min(x0, e.cx - e.a * wide);
            x1 = Math.max(x1, e.cx + e.a * wide);
            y0 = Math.min(y0, e.cy - e.bAnt * wide);
            y1 = Math.max(y1, e.cy + e.bPost * wide);
        }
        this.bounds = new double[] {x0, y0, zMin, x1, y1, zMax};
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
        return bounds.clone();
    }

    @Override
    public boolean contains(double x, double y, double z) {
        if (z < zMin || z > zMax || !profile.at(z).contains(x, y)) {
            return false;
        }
        if (clip == Clip.ABOVE_DIAPHRAGM && !diaphragm.isAbove(x, y, z)) {
            return false;
        }
        if (clip == Clip.BELOW_DIAPHRAGM && diaphragm.isAbove(x, y, z)) {
            return false;
        }
        if (apex != null && apex.f(x, y, z) > 0) {
            return false;
        }
        return Double.isNaN(floorZ) || z >= floorZ;
    }

    @Override
    public void rasterize(SliceRaster r) {
        double z = r.z;
        if (z < zMin - r.sz || z > zMax + r.sz) {
            return;
        }
        double sx = r.sx;
        double sy = r.sy;
        double sz = r.sz;
        SliceEllipse e = SliceEllipse.withSlopes(profile, z);
        double margin = sx + sy + sz * (1 + e.slope()) + 0.5;
        double outer = 1 + margin / e.minAxis();
        double inner = 1 - margin / e.minAxis();
        double band = sz + 3 * (sx + sy);
        boolean dome = clip != Clip.NONE && diaphragm.mayCut(z, band);
        boolean above = clip == Clip.ABOVE_DIAPHRAGM;
        boolean cap = false;
        if (apex != null) {
            double far = StrictMath.hypot(Math.abs(e.cx - apex.x) + e.a * outer,
                    Math.abs(e.cy - apex.y) + Math.max(e.bAnt, e.bPost) * outer);
            cap = z + band > apex.top - far * far / (2 * apex.radius);
        }
        boolean floor = !Double.isNaN(floorZ) && z - sz < floorZ;
        double floorCover = floor ? Ramp.of(floorZ - z, sz) : 1;
        boolean floorIn = !floor || z >= floorZ;
        if (floorCover <= 0 && !floorIn) {
            return;
        }
        int j0 = r.rowFrom(e.cy - e.bAnt * outer);
        int j1 = r.rowTo(e.cy + e.bPost * outer);
        for (int j = j0; j <= j1; j++) {
            double y = r.ys[j];
            double ho = e.halfSpan(y, outer);
            if (ho < 0) {
                continue;
            }
            int i0 = r.colFrom(e.cx - ho);
            int i1 = r.colTo(e.cx + ho);
            if (i0 > i1) {
                continue;
            }
            double hi = inner > 0 ? e.halfSpan(y, inner) : -1;
            int ii0 = hi >= 0 ? r.colFrom(e.cx - hi) : Integer.MAX_VALUE;
            int ii1 = hi >= 0 ? r.colTo(e.cx + hi) : Integer.MIN_VALUE;
            int rowStart = j * r.nx;
            r.touch(i0, i1, j, j);
            for (int i = i0; i <= i1; i++) {
                double x = r.xs[i];
                double c;
                boolean in;
                if (i >= ii0 && i <= ii1) {
                    c = 1;
                    in = true;
                } else {
                    c = e.coverage(x, y, sx, sy, sz);
                    in = c >= 0.5;
                }
                if (dome) {
                    double ca = diaphragm.coverageAbove(x, y, z, sx, sy, sz);
                    if (above) {
                        c *= ca;
                        in &= ca >= 0.5;
                    } else {
                        c *= 1 - ca;
                        in &= ca < 0.5;
                    }
                }
                if (cap) {
                    double dx = x - apex.x;
                    double dy = y - apex.y;
                    double w = (Math.abs(dx) * sx + Math.abs(dy) * sy) / apex.radius + sz;
                    double cc = Ramp.of(apex.f(x, y, z), w);
                    c *= cc;
                    in &= cc >= 0.5;
                }
                c *= floorCover;
                in &= floorIn;
                if (c > 0 || in) {
                    r.cover(rowStart + i, c, in);
                }
            }
        }
    }
}
