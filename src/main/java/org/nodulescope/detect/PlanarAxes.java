package org.nodulescope.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.volume.SliceMask;

/**
 * The long axis and the perpendicular short axis of a mask on one slice, in millimetres, the
 * way a reader measures a nodule on its largest axial section (an estimate: the mask is the
 * model's, not a reader's outline).
 *
 * <p>Each mask pixel counts as the rectangle it covers ({@code spacingX x spacingY} mm). The
 * long axis is the greatest distance between two points of that pixel set (between two corners
 * of its convex hull); the short axis is the set's extent perpendicular to the long axis (its
 * caliper width in that direction). A disc of radius r therefore measures about 2r on both
 * axes, within the pixel size; a single pixel measures its diagonal and its other diagonal's
 * projection.
 *
 * @param longAxisMm the greatest extent, 0 for an empty mask
 * @param shortAxisMm the extent perpendicular to it, 0 for an empty mask
 */
public record PlanarAxes(double longAxisMm, double shortAxisMm) {

    /** No pixel: both axes 0. */
    public static final PlanarAxes NONE = new PlanarAxes(0, 0);

    /**
     * @param mask the mask on its slice
     * @param spacingX column spacing, mm
     * @param spacingY row spacing, mm
     * @return its axes
     */
    public static PlanarAxes of(SliceMask mask, double spacingX, double spacingY) {
        // only the first and last pixel of each row can be hull corners
        List<double[]> corners = new ArrayList<>();
        for (int r = 0; r < mask.height(); r++) {
            int first = -1;
            int last = -1;
            for (int c = 0; c < mask.width(); c++) {
                if (mask.bits()[r * mask.width() + c] != 0) {
                    if (first < 0) {
                        first = c;
                    }
                    last = c;
                }
            }
            if (first >= 0) {
                double y0 = (mask.y0() + r) * spacingY;
                double y1 = y0 + spacingY;
                double x0 = (mask.x0() + first) * spacingX;
                double x1 = (mask.x0() + last + 1) * spacingX;
                corners.add(new double[] {x0, y0});
                corners.add(new double[] {x0, y1});
                corners.add(new double[] {x1, y0});
                corners.add(new double[] {x1, y1});
            }
        }
        if (corners.isEmpty()) {
            return NONE;
        }
        double[][] hull = convexHull(corners);
        double best = -1;
        double ux = 1;
        double uy = 0;
        for (int i = 0; i < hull.length; i++) {
            for (int j = i + 1; j < hull.length; j++) {
                double dx = hull[j][0] - hull[i][0];
                double dy = hull[j][1] - hull[i][1];
                double d = Math.hypot(dx, dy);
                if (d > best) {
                    best = d;
                    ux = dx / d;
                    uy = dy / d;
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] p : hull) {
            double t = -uy * p[0] + ux * p[1];
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return new PlanarAxes(best, max - min);
    }

    /** Andrew's monotone chain; collinear points dropped. */
    private static double[][] convexHull(List<double[]> points) {
        double[][] p = points.toArray(new double[0][]);
        Arrays.sort(p, (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0])
                : Double.compare(a[1], b[1]));
        double[][] hull = new double[2 * p.length][];
        int k = 0;
        for (double[] q : p) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], q) <= 0) {
                k--;
            }
            hull[k++] = q;
        }
        for (int i = p.length - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p[i]) <= 0) {
                k--;
            }
            hull[k++] = p[i];
        }
        return Arrays.copyOf(hull, Math.max(k - 1, 1));
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
