package org.nodulescope.phantom;

/**
 * An axial cross-section of a smooth, roughly elliptical body: centre, half-width, separate
 * anterior and posterior half-depths, and a squareness term that fills out the diagonals.
 *
 * <p>Its implicit function is {@code f = u^2 + v^2 - q u^2 v^2 - 1} with
 * {@code u = (x - cx) / a} and {@code v = (y - cy) / b} ({@code b} anterior or posterior); it is
 * negative inside. It also carries the z-derivatives of its parameters, so that the partial-volume
 * ramp sees how fast the outline moves from slice to slice (a shrinking lung apex is blurred
 * over thick slices as a real one is). World frame: y grows toward the patient's back.
 */
final class SliceEllipse {

    final double cx;
    final double cy;
    final double a;
    final double bAnt;
    final double bPost;
    final double square;
    final double dcx;
    final double dcy;
    final double da;
    final double dbAnt;
    final double dbPost;

    SliceEllipse(double cx, double cy, double a, double bAnt, double bPost, double square) {
        this(cx, cy, a, bAnt, bPost, square, 0, 0, 0, 0, 0);
    }

    SliceEllipse(double cx, double cy, double a, double bAnt, double bPost, double square,
            double dcx, double dcy, double da, double dbAnt, double dbPost) {
        this.cx = cx;
        this.cy = cy;
        this.a = a;
        this.bAnt = bAnt;
        this.bPost = bPost;
        this.square = square;
        this.dcx = dcx;
        this.dcy = dcy;
        this.da = da;
        this.dbAnt = dbAnt;
        this.dbPost = dbPost;
    }

    /** The profile's section at {@code z}, with parameter slopes from a central difference. */
    static SliceEllipse withSlopes(EllipseProfile profile, double z) {
        SliceEllipse e = profile.at(z);
        SliceEllipse lo = profile.at(z - 0.5);
        SliceEllipse hi = profile.at(z + 0.5);
        return new SliceEllipse(e.cx, e.cy, e.a, e.bAnt, e.bPost, e.square,
                hi.cx - lo.cx, hi.cy - lo.cy, hi.a - lo.a, hi.bAnt - lo.bAnt, hi.bPost - lo.bPost);
    }

    double f(double x, double y) {
        double u = (x - cx) / a;
        double v = (y - cy) / (y < cy ? bAnt : bPost);
        double u2 = u * u;
        double v2 = v * v;
        return u2 + v2 - square * u2 * v2 - 1;
    }

    boolean contains(double x, double y) {
        return f(x, y) <= 0;
    }

    /**
     * Fraction of the voxel centred at (x, y, this slice) that lies inside: a linear ramp across
     * the voxel's extent along the outline normal (its width is {@code |n| . spacing}).
     */
    double coverage(double x, double y, double sx, double sy, double sz) {
        boolean anterior = y < cy;
        double b = anterior ? bAnt : bPost;
        double db = anterior ? dbAnt : dbPost;
        double u = (x - cx) / a;
        double v = (y - cy) / b;
        double u2 = u * u;
        double v2 = v * v;
        double f = u2 + v2 - square * u2 * v2 - 1;
        double fu = 2 * u * (1 - square * v2);
        double fv = 2 * v * (1 - square * u2);
        double gx = fu / a;
        double gy = fv / b;
        double gz = -fu * (dcx + u * da) / a - fv * (dcy + v * db) / b;
        return Ramp.of(f, Math.abs(gx) * sx + Math.abs(gy) * sy + Math.abs(gz) * sz);
    }

    /**
     * Half-width in x, at row {@code y}, of this outline scaled by {@code lambda} about its
     * centre; negative when the row misses it.
     */
    double halfSpan(double y, double lambda) {
        double b = y < cy ? bAnt : bPost;
        double v = (y - cy) / (b * lambda);
        double v2 = v * v;
        if (v2 >= 1) {
            return -1;
        }
        return a * lambda * Math.sqrt((1 - v2) / (1 - square * v2));
    }

    /**
     * The boundary point in direction {@code theta} (0 = anterior, pi/2 = toward {@code side},
     * pi = posterior), pushed outward along the normal by {@code offset} mm; {@code side} is -1
     * for the patient's right (world -x) and +1 for the left.
     */
    double[] boundaryPoint(double theta, int side, double offset) {
        double su = side * StrictMath.sin(theta);
        double sv = -StrictMath.cos(theta);
        double b = sv < 0 ? bAnt : bPost;
        double p = su * su * sv * sv;
        // Solve (u^2 + v^2) L - q u^2 v^2 L^2 = 1 for the scale L = lambda^2 along (su, sv).
        double l2 = p * square < 1e-12 ? 1 : (1 - Math.sqrt(1 - 4 * square * p)) / (2 * square * p);
        double lambda = Math.sqrt(l2);
        double x = cx + a * lambda * su;
        double y = cy + b * lambda * sv;
        double u = (x - cx) / a;
        double v = (y - cy) / b;
        double gx = 2 * u * (1 - square * v * v) / a;
        double gy = 2 * v * (1 - square * u * u) / b;
        double n = StrictMath.hypot(gx, gy);
        return new double[] {x + offset * gx / n, y + offset * gy / n};
    }

    double minAxis() {
        return Math.min(a, Math.min(bAnt, bPost));
    }

    /** How fast the outline moves per mm of z, in mm, bounded above. */
    double slope() {
        return Math.abs(dcx) + Math.abs(dcy) + Math.abs(da) + Math.max(Math.abs(dbAnt), Math.abs(dbPost));
    }
}
