package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nodulescope.volume.LungLabels;

/**
 * The vessels and bronchi inside the lungs: per lung an arterial and a venous tree grown from
 * the hilum, and bronchi running beside the larger arteries for the first generations.
 *
 * <p>Arteries and veins interleave because each grows toward its own scattered territory points;
 * bronchi sit beside their artery at a consistent side (the side is carried from parent to child)
 * with a lumen of about 0.8 times the artery's radius and a thin soft-tissue wall.
 */
final class PulmonaryTrees {

    static final int MAX_BRONCHUS_GENERATION = 6;

    /** Items in painting order and every vessel branch (for nodule placement and candidates). */
    record Result(List<SceneItem> items, List<VesselBranch> vessels) {}

    private PulmonaryTrees() {}

    static Result build(ChestAnatomy an, LungQuery lung, SplittableRandom rng, Difficulty difficulty,
            double[] mainBronchusLumen) {
        double s = an.scale;
        Paint vesselPaint = new Paint("pulmonary vessels", Material.constant(an.hu.blood()),
                Paint.Blend.OVER, Paint.KEEP_LABEL);
        Paint wallPaint = new Paint("bronchial wall", Material.constant(an.hu.airwayWall()),
                Paint.Blend.OVER, Paint.KEEP_LABEL);
        Paint lumenPaint = new Paint("bronchial lumen", Material.constant(Tissues.AIR),
                Paint.Blend.OVER, Paint.KEEP_LABEL);
        List<VesselBranch> all = new ArrayList<>();
        List<SceneItem> vessels = new ArrayList<>();
        List<SceneItem> walls = new ArrayList<>();
        List<SceneItem> lumens = new ArrayList<>();
        int targets = difficulty.vesselTargetsPerTree();
        VesselTreeGrower grower = new VesselTreeGrower(lung, rng, 0.3);
        for (int side : new int[] {-1, 1}) {
            int label = side < 0 ? LungLabels.RIGHT_LUNG : LungLabels.LEFT_LUNG;
            List<VesselBranch> arteries = grower.grow(an.arteryHilum(side),
                    Draw.uniform(rng, 5, 7) * s, targetPoints(lung, rng, label, targets));
            List<VesselBranch> veins = grower.grow(an.veinHilum(side),
                    Draw.uniform(rng, 5, 6.5) * s, targetPoints(lung, rng, label, targets));
            for (List<VesselBranch> tree : List.of(arteries, veins)) {
                for (VesselBranch b : tree) {
                    vessels.add(new SceneItem(new Tube(b.start(), b.end(), b.radius(), b.radius()),
                            vesselPaint));
                }
                all.addAll(tree);
            }
            addBronchi(an, side, arteries, mainBronchusLumen[side < 0 ? 0 : 1], wallPaint,
                    lumenPaint, walls, lumens);
        }
        List<SceneItem> items = new ArrayList<>(vessels);
        items.addAll(walls);
        items.addAll(lumens);
        return new Result(items, all);
    }

    private static double[][] targetPoints(LungQuery lung, SplittableRandom rng, int label, int n) {
        List<double[]> pts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] p = lung.randomPoint(rng, label);
            if (p != null) {
                pts.add(p);
            }
        }
        return pts.toArray(new double[0][]);
    }

    private static void addBronchi(ChestAnatomy an, int side, List<VesselBranch> arteries,
            double mainLumen, Paint wallPaint, Paint lumenPaint, List<SceneItem> walls,
            List<SceneItem> lumens) {
        double s = an.scale;
        double[][] offsetDir = new double[arteries.size()][];
        double[] offsetLen = new double[arteries.size()];
        double[] lumenOf = new double[arteries.size()];
        for (int k = 0; k < arteries.size(); k++) {
            VesselBranch b = arteries.get(k);
            if (b.generation() > MAX_BRONCHUS_GENERATION || b.radius() < 1.2 * s) {
                continue;
            }
            double[] dir = unit(sub(b.end(), b.start()));
            if (dir == null) {
                continue;
            }
            // Keep the bronchus on the same side of its artery as in the parent branch.
            double[] ref = b.parent() >= 0 && offsetDir[b.parent()] != null
                    ? offsetDir[b.parent()]
                    : new double[] {0, 1, 0};
            double[] o = unit(sub(ref, scale(dir, dot(ref, dir))));
            if (o == null) {
                o = unit(cross(dir, new double[] {0, 0, 1}));
                if (o == null) {
                    o = new double[] {1, 0, 0};
                }
            }
            double lumen = Math.min(0.8 * b.radius(), mainLumen);
            double wall = Math.max(0.3 * s, 0.3 * lumen + 0.2 * s);
            double len = b.radius() + lumen + wall + 0.3 * s;
            offsetDir[k] = o;
            offsetLen[k] = len;
            lumenOf[k] = lumen;
            double[] start;
            double startLumen;
            if (b.parent() < 0 || offsetDir[b.parent()] == null) {
                start = an.bronchusHilum(side);
                startLumen = mainLumen;
            } else {
                start = add(b.start(), scale(offsetDir[b.parent()], offsetLen[b.parent()]));
                startLumen = lumenOf[b.parent()];
            }
            double[] end = add(b.end(), scale(o, len));
            double endWall = Math.max(0.3 * s, 0.3 * lumen + 0.2 * s);
            double startWall = Math.max(0.3 * s, 0.3 * startLumen + 0.2 * s);
            walls.add(new SceneItem(new Tube(start, end, startLumen + startWall, lumen + endWall),
                    wallPaint));
            lumens.add(new SceneItem(new Tube(start, end, startLumen, lumen), lumenPaint));
        }
    }

    static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    static double[] scale(double[] a, double k) {
        return new double[] {a[0] * k, a[1] * k, a[2] * k};
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0]};
    }

    /** The unit vector along a, or null for a (near) zero vector. */
    static double[] unit(double[] a) {
        double n = Math.sqrt(dot(a, a));
        return n < 1e-9 ? null : scale(a, 1 / n);
    }
}
