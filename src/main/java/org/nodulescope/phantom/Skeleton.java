package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.volume.LungLabels;

/**
 * Spine, ribs, costal cartilage and sternum, painted last so they cut whatever lies under them.
 *
 * <p>Ribs are oblique hoops: each leaves the spine at one height and runs around the lung,
 * hugging its outline at every height it passes, while dropping two to four vertebral levels
 * toward the front. An axial slice therefore cuts several ribs per side as small ovals with a
 * bright cortex and a darker marrow, as on a real scan. Vertebrae are flat-ended cylinders with
 * discs between them, a bony arch, spinous and transverse processes and a fluid-filled canal.
 */
final class Skeleton {

    /** Drop of rib k (1-based) from its back end to its front end, in rib periods. */
    private static final double[] DROP = {1.4, 2.2, 2.8, 3.2, 3.4, 3.5, 3.5, 3.3, 3.0, 2.6, 1.6, 1.2};
    /** Where rib k ends in front, as the angle from anterior (0) toward the side (pi/2). */
    private static final double[] FRONT_ANGLE = {-0.12, -0.12, -0.12, -0.12, -0.12, -0.12, -0.12,
        0.05, 0.12, 0.2, 0.45, 0.55};
    private static final double BACK_ANGLE = 1.2;
    private static final int RIB_PIECES = 16;

    private Skeleton() {}

    static List<SceneItem> items(ChestAnatomy an, SplittableRandom rng) {
        Tissues hu = an.hu;
        double s = an.scale;
        double p = an.ribPeriod;
        Paint cortex = Paint.over("cortical bone", hu.corticalBone(), LungLabels.BACKGROUND);
        Paint marrow = Paint.over("marrow", hu.marrow(), LungLabels.BACKGROUND);
        Paint disc = Paint.over("disc", hu.disc(), LungLabels.BACKGROUND);
        Paint cartilage = Paint.over("cartilage", hu.cartilage(), LungLabels.BACKGROUND);
        Paint csf = Paint.over("spinal canal", hu.csf(), LungLabels.BACKGROUND);
        List<SceneItem> discs = new ArrayList<>();
        List<SceneItem> cortical = new ArrayList<>();
        List<SceneItem> marrows = new ArrayList<>();
        List<SceneItem> cartilages = new ArrayList<>();
        List<SceneItem> canals = new ArrayList<>();

        double discHeight = Draw.uniform(rng, 4.5, 6.5) * s;
        double bodyHeight = p - discHeight;
        double rb = an.spineRadius;
        double rc = an.canalRadius;
        double firstVertebra = an.zTop + 0.1 * p;
        int below = (int) Math.ceil((firstVertebra - an.scanBottom) / p) + 1;
        int above = (int) Math.ceil((an.scanTop - firstVertebra) / p) + 1;
        for (int k = -above; k <= below; k++) {
            double zv = firstVertebra - k * p;
            double y = an.spineYAt(zv);
            double yCanal = y + rb + rc + 2 * s;
            double lo = zv - bodyHeight / 2;
            double hi = zv + bodyHeight / 2;
            cortical.add(new SceneItem(new VerticalCylinder(an.cx, y, rb, lo, hi), cortex));
            marrows.add(new SceneItem(new VerticalCylinder(an.cx, y, rb - 1.5 * s, lo + 1.2 * s,
                    hi - 1.2 * s), marrow));
            discs.add(new SceneItem(new VerticalCylinder(an.cx, y, 0.97 * rb, hi - 0.5,
                    hi + discHeight + 0.5), disc));
            cortical.add(new SceneItem(new VerticalCylinder(an.cx, yCanal, rc + 5 * s, lo + 2 * s,
                    hi - s), cortex));
            cortical.add(new SceneItem(new Tube(an.cx, yCanal + rc + 3 * s, zv,
                    an.cx, yCanal + rc + 30 * s, zv - 12 * s, 4 * s, 3 * s), cortex));
            for (int side : new int[] {-1, 1}) {
                cortical.add(new SceneItem(new Tube(an.cx + side * 8 * s, yCanal, zv + 3 * s,
                        an.cx + side * 33 * s, yCanal + 6 * s, zv + 5 * s, 5 * s, 4 * s), cortex));
            }
            canals.add(new SceneItem(new VerticalCylinder(an.cx, yCanal, rc, zv - p / 2 - 0.5,
                    zv + p / 2 + 0.5), csf));
        }

        double rSternum = 6 * s;
        double[] frontEnds = new double[12];
        for (int side : new int[] {-1, 1}) {
            for (int k = 1; k <= 12; k++) {
                double rRib = Draw.uniform(rng, 3.5, 4.5) * s * (k == 1 || k >= 11 ? 0.85 : 1);
                double cortexMm = Draw.uniform(rng, 1.0, 1.5) * s;
                double zBack = an.zTop + 0.35 * p - (k - 1) * p;
                double drop = DROP[k - 1] * p * Draw.uniform(rng, 0.9, 1.1);
                double front = FRONT_ANGLE[k - 1] * Math.PI;
                double[][] pts = new double[RIB_PIECES + 1][];
                for (int m = 0; m <= RIB_PIECES; m++) {
                    double u = (double) m / RIB_PIECES;
                    double theta = BACK_ANGLE * Math.PI + (front - BACK_ANGLE * Math.PI) * u;
                    double z = zBack - drop * StrictMath.pow(u, 1.5);
                    double[] xy = an.lungSection(side, z).boundaryPoint(theta, side, s + rRib);
                    pts[m] = new double[] {xy[0], xy[1], z};
                }
                double[] outer = new double[pts.length];
                double[] inner = new double[pts.length];
                Arrays.fill(outer, rRib);
                Arrays.fill(inner, rRib - cortexMm);
                MediastinalOrgans.add(cortical, TubePath.through(pts, outer, 1), cortex);
                MediastinalOrgans.add(marrows, TubePath.through(pts, inner, 1), marrow);
                double[] end = pts[RIB_PIECES];
                frontEnds[k - 1] = end[2];
                if (k <= 7) {
                    double zEnd = end[2] - 0.3 * p;
                    double[] joint = {an.cx + side * (rSternum + 6 * s), sternumY(an, zEnd, rSternum), zEnd};
                    cartilages.add(new SceneItem(new Tube(end, joint, 0.8 * rRib, 0.8 * rRib), cartilage));
                }
            }
        }

        double zHigh = frontEnds[0] + 0.3 * p;
        double zLow = frontEnds[6] - 0.6 * p;
        int pieces = Math.max(2, (int) Math.ceil((zHigh - zLow) / (0.5 * p)));
        for (int side : new int[] {-1, 1}) {
            double[][] pts = new double[pieces + 1][];
            double[] outer = new double[pieces + 1];
            double[] inner = new double[pieces + 1];
            for (int m = 0; m <= pieces; m++) {
                double z = zHigh + (zLow - zHigh) * m / pieces;
                pts[m] = new double[] {an.cx + side * 0.5 * rSternum, sternumY(an, z, rSternum), z};
                outer[m] = rSternum;
                inner[m] = rSternum - 1.5 * s;
            }
            MediastinalOrgans.add(cortical, TubePath.through(pts, outer, 1), cortex);
            MediastinalOrgans.add(marrows, TubePath.through(pts, inner, 1), marrow);
        }

        List<SceneItem> all = new ArrayList<>();
        all.addAll(discs);
        all.addAll(cortical);
        all.addAll(marrows);
        all.addAll(cartilages);
        all.addAll(canals);
        return all;
    }

    /** Sternum centre y at z: just in front of the mediastinum. */
    private static double sternumY(ChestAnatomy an, double z, double radius) {
        SliceEllipse m = an.mediastinumSection(z);
        return m.cy - m.bAnt - radius - an.scale;
    }
}
