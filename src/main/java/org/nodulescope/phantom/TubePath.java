package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;

/**
 * A smooth tube through control points (aorta, ribs, trachea): a Catmull-Rom curve cut into
 * short straight {@link Tube}s whose rounded ends overlap at the joints.
 */
final class TubePath {

    private TubePath() {}

    /**
     * @param points control points, world mm; the curve passes through each
     * @param radii radius at each control point, interpolated linearly in between
     * @param piecesPerSpan straight pieces between two control points
     */
    static List<Tube> through(double[][] points, double[] radii, int piecesPerSpan) {
        if (points.length != radii.length || points.length < 2) {
            throw new IllegalArgumentException("a tube path needs >= 2 points, each with a radius");
        }
        List<Tube> out = new ArrayList<>();
        double[] prev = points[0];
        double prevR = radii[0];
        for (int i = 0; i + 1 < points.length; i++) {
            double[] p0 = points[Math.max(0, i - 1)];
            double[] p1 = points[i];
            double[] p2 = points[i + 1];
            double[] p3 = points[Math.min(points.length - 1, i + 2)];
            for (int k = 1; k <= piecesPerSpan; k++) {
                double u = (double) k / piecesPerSpan;
                double[] p = catmullRom(p0, p1, p2, p3, u);
                double r = radii[i] + (radii[i + 1] - radii[i]) * u;
                out.add(new Tube(prev, p, prevR, r));
                prev = p;
                prevR = r;
            }
        }
        return out;
    }

    private static double[] catmullRom(double[] p0, double[] p1, double[] p2, double[] p3, double u) {
        double u2 = u * u;
        double u3 = u2 * u;
        double[] out = new double[3];
        for (int d = 0; d < 3; d++) {
            out[d] = 0.5 * (2 * p1[d] + (-p0[d] + p2[d]) * u
                    + (2 * p0[d] - 5 * p1[d] + 4 * p2[d] - p3[d]) * u2
                    + (-p0[d] + 3 * p1[d] - 3 * p2[d] + p3[d]) * u3);
        }
        return out;
    }
}
