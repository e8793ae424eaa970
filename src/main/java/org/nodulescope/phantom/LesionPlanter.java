package org.nodulescope.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.nodulescope.volume.WorldPoint;

/**
 * Places nodules and excluded findings in the lungs and builds the solids that draw them.
 *
 * <p>Every centre is checked against the finished lung labels, with a clearance of half a voxel
 * diagonal so that the voxel nearest the centre is lung too. Juxtapleural nodules are placed so
 * their centre lies 0.55..1 radius from the nearest non-lung point (they touch the pleura);
 * juxtavascular ones touch a 1-4 mm vessel; the others keep clear of vessels above 1 mm. Lesions
 * keep 5 mm of lung between each other. When an attachment cannot be achieved (a coarse grid or a
 * small patient), the nodule falls back to a free-standing one.
 */
final class LesionPlanter {

    private static final int ATTEMPTS = 200;

    private final LungQuery lung;
    private SplittableRandom rng;
    private final double minClearance;
    private final List<VesselBranch> attachable = new ArrayList<>();
    private final List<VesselBranch> large = new ArrayList<>();
    private final List<double[]> placed = new ArrayList<>();
    private final List<Double> placedRadius = new ArrayList<>();
    private final List<SceneItem> items = new ArrayList<>();

    LesionPlanter(LungQuery lung, ScanProtocol protocol, List<VesselBranch> vessels, double scale) {
        this.lung = lung;
        var sp = protocol.geometry().spacing();
        this.minClearance = 0.5 * Math.sqrt(sp.x() * sp.x() + sp.y() * sp.y() + sp.z() * sp.z()) + 0.2;
        for (VesselBranch b : vessels) {
            if (b.radius() >= 1.0 * scale) {
                large.add(b);
                if (b.radius() <= 4.0 * scale && b.length() > 2) {
                    attachable.add(b);
                }
            }
        }
    }

    /** The solids of everything planted so far, in painting order. */
    List<SceneItem> items() {
        return List.copyOf(items);
    }

    List<PlantedNodule> plantNodules(int count, Difficulty difficulty, SplittableRandom random) {
        this.rng = random;
        List<PlantedNodule> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            PlantedNodule.Kind kind = PlantedNodule.Kind.values()[Draw.weighted(rng,
                    weights(PlantedNodule.Kind.values().length, k -> difficulty.kindWeight(
                            PlantedNodule.Kind.values()[k])))];
            PlantedNodule.Attachment attachment = PlantedNodule.Attachment.values()[Draw.weighted(rng,
                    weights(PlantedNodule.Attachment.values().length, k -> difficulty.attachmentWeight(
                            PlantedNodule.Attachment.values()[k])))];
            double diameter = Draw.logNormal(rng, difficulty.medianDiameterMm(), 0.45, 3, 30);
            double radius = diameter / 2;
            double[] c = switch (attachment) {
                case JUXTAPLEURAL -> placeJuxtapleural(radius);
                case JUXTAVASCULAR -> placeJuxtavascular(radius);
                case NONE -> null;
            };
            if (c == null) {
                attachment = PlantedNodule.Attachment.NONE;
                c = placeFree(radius + 1.5, true);
            }
            if (c == null) {
                continue;
            }
            remember(c, radius);
            drawNodule(c, diameter, kind, difficulty);
            out.add(new PlantedNodule(new WorldPoint(c[0], c[1], c[2]), diameter, kind, attachment));
        }
        return out;
    }

    List<PlantedFinding> plantFindings(int count, SplittableRandom random) {
        this.rng = random;
        List<PlantedFinding> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            PlantedFinding.Kind kind = PlantedFinding.Kind.values()[Draw.weighted(rng, 0.45, 0.30, 0.25)];
            double diameter = switch (kind) {
                case SMALL_NODULE -> Draw.uniform(rng, 1.5, 2.9);
                case CALCIFIED_GRANULOMA -> Draw.uniform(rng, 2, 6);
                case NON_NODULE -> Draw.uniform(rng, 10, 18);
            };
            double[] c = placeFree(diameter / 2 + 1, false);
            if (c == null) {
                continue;
            }
            remember(c, diameter / 2);
            Paint paint;
            Shape shape;
            switch (kind) {
                case SMALL_NODULE -> {
                    shape = new LobulatedBall(c, diameter, Draw.uniform(rng, 0, 0.06), 0, rng);
                    paint = lesionPaint("small nodule", new TexturedMaterial(
                            Draw.uniform(rng, 0, 50), 5, new ValueNoise(rng.nextLong(), 1.5)));
                }
                case CALCIFIED_GRANULOMA -> {
                    shape = new LobulatedBall(c, diameter, Draw.uniform(rng, 0, 0.04), 0, rng);
                    paint = lesionPaint("calcified granuloma",
                            Material.constant(Draw.uniform(rng, 300, 900)));
                }
                default -> {
                    double[] semi = {diameter / 2, Draw.uniform(rng, 2.5, 4), Draw.uniform(rng, 0.8, 1.5)};
                    shape = new Ellipsoid(c, Ellipsoid.axes(Draw.uniform(rng, 0, Math.PI),
                            Draw.uniform(rng, -0.6, 0.6)), semi, null);
                    paint = lesionPaint("scar", Material.constant(Draw.uniform(rng, -250, -50)));
                }
            }
            items.add(new SceneItem(shape, paint));
            double annotated = kind == PlantedFinding.Kind.NON_NODULE ? PlantedFinding.NOT_MEASURED : diameter;
            out.add(new PlantedFinding(new WorldPoint(c[0], c[1], c[2]), annotated, kind));
        }
        return out;
    }

    private void drawNodule(double[] c, double diameter, PlantedNodule.Kind kind, Difficulty d) {
        double ggo = Draw.uniform(rng, d.groundGlassMinHu(), d.groundGlassMaxHu());
        switch (kind) {
            case SOLID -> items.add(new SceneItem(
                    new LobulatedBall(c, diameter, Draw.uniform(rng, 0.04, 0.12), 0, rng),
                    lesionPaint("solid nodule", new TexturedMaterial(Draw.uniform(rng, 20, 60), 8,
                            new ValueNoise(rng.nextLong(), 1.5)))));
            case PART_SOLID -> {
                items.add(new SceneItem(
                        new LobulatedBall(c, diameter, Draw.uniform(rng, 0.03, 0.08),
                                Draw.uniform(rng, 0.5, 1.0), rng),
                        lesionPaint("part-solid halo", new TexturedMaterial(ggo,
                                Draw.uniform(rng, 25, 45), new ValueNoise(rng.nextLong(), 1.5)))));
                items.add(new SceneItem(
                        new LobulatedBall(c, diameter * Draw.uniform(rng, 0.3, 0.6),
                                Draw.uniform(rng, 0.05, 0.12), 0, rng),
                        lesionPaint("part-solid core", new TexturedMaterial(Draw.uniform(rng, 0, 40),
                                8, new ValueNoise(rng.nextLong(), 1.5)))));
            }
            case GROUND_GLASS -> items.add(new SceneItem(
                    new LobulatedBall(c, diameter, Draw.uniform(rng, 0.03, 0.08),
                            Draw.uniform(rng, 0.8, 1.5), rng),
                    lesionPaint("ground-glass nodule", new TexturedMaterial(ggo,
                            Draw.uniform(rng, 30, 60), new ValueNoise(rng.nextLong(), 1.5)))));
        }
    }

    private static Paint lesionPaint(String name, Material material) {
        return new Paint(name, material, Paint.Blend.DENSER, Paint.KEEP_LABEL);
    }

    private double[] placeFree(double clearance, boolean avoidVessels) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double[] c = lung.randomPoint(rng, 0);
            if (c == null) {
                return null;
            }
            if (separated(c, clearance) && (!avoidVessels || clearOfVessels(c, clearance))
                    && lung.ballInLung(c, Math.max(clearance, minClearance))) {
                return c;
            }
        }
        return null;
    }

    private double[] placeJuxtapleural(double radius) {
        double[] dir = new double[3];
        double[] dir2 = new double[3];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double[] p = lung.randomPoint(rng, 0);
            if (p == null) {
                return null;
            }
            double dist = lung.distanceToEdge(p, 20, dir);
            if (dir[0] == 0 && dir[1] == 0 && dir[2] == 0) {
                continue;
            }
            double depth = radius * Draw.uniform(rng, 0.6, 0.95);
            double[] c = new double[3];
            for (int d = 0; d < 3; d++) {
                c[d] = p[d] + dir[d] * (dist - depth);
            }
            if (!lung.isLung(c) || !separated(c, radius)) {
                continue;
            }
            double clear = lung.distanceToEdge(c, radius * 1.2 + 1, dir2);
            if (clear >= Math.max(0.55 * radius, minClearance) && clear <= radius) {
                return c;
            }
        }
        return null;
    }

    private double[] placeJuxtavascular(double radius) {
        if (attachable.isEmpty()) {
            return null;
        }
        double[] u = new double[3];
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            VesselBranch b = attachable.get(rng.nextInt(attachable.size()));
            double[] axis = PulmonaryTrees.unit(PulmonaryTrees.sub(b.end(), b.start()));
            Draw.unitVector(rng, u);
            double[] perp = PulmonaryTrees.unit(PulmonaryTrees.sub(u,
                    PulmonaryTrees.scale(axis, PulmonaryTrees.dot(u, axis))));
            if (perp == null) {
                continue;
            }
            double t = Draw.uniform(rng, 0.15, 0.85);
            double reach = b.radius() + radius * Draw.uniform(rng, 0.8, 0.95);
            double[] c = new double[3];
            for (int d = 0; d < 3; d++) {
                c[d] = b.start()[d] + (b.end()[d] - b.start()[d]) * t + perp[d] * reach;
            }
            if (separated(c, radius) && lung.ballInLung(c, Math.max(radius + 0.5, minClearance))) {
                return c;
            }
        }
        return null;
    }

    private boolean separated(double[] c, double radius) {
        for (int i = 0; i < placed.size(); i++) {
            double[] o = placed.get(i);
            double dx = c[0] - o[0];
            double dy = c[1] - o[1];
            double dz = c[2] - o[2];
            double min = radius + placedRadius.get(i) + 5;
            if (dx * dx + dy * dy + dz * dz < min * min) {
                return false;
            }
        }
        return true;
    }

    private boolean clearOfVessels(double[] c, double radius) {
        for (VesselBranch b : large) {
            if (distanceToSegment(c, b.start(), b.end()) < b.radius() + radius + 0.5) {
                return false;
            }
        }
        return true;
    }

    static double distanceToSegment(double[] p, double[] a, double[] b) {
        double[] ab = PulmonaryTrees.sub(b, a);
        double[] ap = PulmonaryTrees.sub(p, a);
        double len2 = PulmonaryTrees.dot(ab, ab);
        double t = len2 > 0 ? Math.max(0, Math.min(1, PulmonaryTrees.dot(ap, ab) / len2)) : 0;
        double[] d = PulmonaryTrees.sub(ap, PulmonaryTrees.scale(ab, t));
        return Math.sqrt(PulmonaryTrees.dot(d, d));
    }

    private void remember(double[] c, double radius) {
        placed.add(c);
        placedRadius.add(radius);
    }

    private static double[] weights(int n, IntToDoubleFunction w) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = w.applyAsDouble(i);
        }
        return out;
    }
}
