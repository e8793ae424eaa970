package org.nodulescope.phantom;

/**
 * Analytic partial-volume coverage: the fraction of a voxel inside an edge.
 *
 * <p>A voxel box cut by a plane is, to first order, covered linearly across the box's extent
 * along the plane normal, {@code w = |nx| sx + |ny| sy + |nz| sz}. Given an implicit function
 * {@code f} (negative inside) and its gradient, the unnormalised form
 * {@code 0.5 - f / (|gx| sx + |gy| sy + |gz| sz)} is the same ramp without a square root.
 *
 * <p>A ramp centred on a curved surface overstates the volume inside by the curvature times the
 * ramp width squared; solids with tight curvature (vessels, nodules) move their ramp inward by
 * that much ({@code w^2 / 24 r} for a cylinder, {@code w^2 / 12 r} for a sphere) so the rendered
 * volume is the true one.
 */
final class Ramp {

    private Ramp() {}

    static double of(double f, double width) {
        if (!(width > 0)) {
            return f <= 0 ? 1 : 0;
        }
        double c = 0.5 - f / width;
        return c <= 0 ? 0 : c >= 1 ? 1 : c;
    }

    /**
     * Fraction of the window {@code [t - w/2, t + w/2]} inside {@code [-r, r]}: the coverage of a
     * slab of half-thickness r at distance t along the normal. Unlike {@link #of} it stays right
     * when the object is thinner than the voxel (a 1 mm vessel in a 2.5 mm slice peaks at 0.4).
     */
    static double slab(double t, double r, double w) {
        double c = (Math.min(t + 0.5 * w, r) - Math.max(t - 0.5 * w, -r)) / w;
        return c <= 0 ? 0 : c >= 1 ? 1 : c;
    }

    /** Fraction of the window {@code [t - w/2, t + w/2]} inside {@code [lo, hi]}. */
    static double window(double t, double lo, double hi, double w) {
        double c = (Math.min(t + 0.5 * w, hi) - Math.max(t - 0.5 * w, lo)) / w;
        return c <= 0 ? 0 : c >= 1 ? 1 : c;
    }
}
