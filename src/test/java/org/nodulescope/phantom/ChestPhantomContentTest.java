package org.nodulescope.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.Candidate;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.LungLabels;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/** What a generated scan contains, checked on a few coarse scans with many nodules. */
class ChestPhantomContentTest {

    private static final PhantomConfig CONFIG = PhantomConfig.builder().optSizePx(160)
            .optSliceCount(100).optDifficulty(Difficulty.HARD).optNodulesPerScan(4, 4)
            .optNoduleFreeFraction(0).optExcludedPerScan(2, 3).optNonNoduleCandidates(40).build();
    private static final List<PhantomScan> SCANS = new ArrayList<>();

    @BeforeAll
    static void generate() {
        for (int i = 0; i < 4; i++) {
            SCANS.add(ChestPhantom.generate(CONFIG, 2024, i));
        }
    }

    @Test
    void volumesAreLunaTyped() {
        for (PhantomScan s : SCANS) {
            assertTrue(s.ct().data() instanceof VoxelData.Int16 d && !d.unsigned());
            assertTrue(s.lungLabels().data() instanceof VoxelData.Int8 d && d.unsigned());
            assertTrue(s.ct().sameGridAs(s.lungLabels(), 0));
            assertEquals(new GridSize(160, 160, 100), s.ct().size());
        }
    }

    @Test
    void allLungLabelsArePresentAndNothingElse() {
        for (PhantomScan s : SCANS) {
            byte[] lab = labels(s);
            long[] count = new long[256];
            for (byte b : lab) {
                count[b & 0xFF]++;
            }
            assertTrue(count[LungLabels.RIGHT_LUNG] > 0);
            assertTrue(count[LungLabels.LEFT_LUNG] > 0);
            assertTrue(count[LungLabels.TRACHEA] > 0);
            long total = lab.length;
            assertEquals(total, count[0] + count[3] + count[4] + count[5]);
            double lungFraction = (count[3] + count[4]) / (double) total;
            assertTrue(lungFraction > 0.03 && lungFraction < 0.3, "lung fraction " + lungFraction);
            // The right lung is the larger one, and it lies at world x below the left.
            assertTrue(count[3] > count[4] * 0.9);
            assertTrue(meanX(s, LungLabels.RIGHT_LUNG) < meanX(s, LungLabels.LEFT_LUNG));
        }
    }

    @Test
    void parenchymaIsAroundMinus850() {
        for (PhantomScan s : SCANS) {
            short[] hu = s.ct().toShorts();
            byte[] lab = labels(s);
            double[] values = lungValues(hu, lab);
            Arrays.sort(values);
            double median = values[values.length / 2];
            assertTrue(median > -910 && median < -790, "lung median " + median);
        }
    }

    @Test
    void vesselsOccupyAPlausibleShareOfTheLung() {
        for (PhantomScan s : SCANS) {
            short[] hu = s.ct().toShorts();
            byte[] lab = labels(s);
            long lung = 0;
            long dense = 0;
            for (int i = 0; i < hu.length; i++) {
                int l = lab[i] & 0xFF;
                if (l == LungLabels.RIGHT_LUNG || l == LungLabels.LEFT_LUNG) {
                    lung++;
                    if (hu[i] > -300) {
                        dense++;
                    }
                }
            }
            double f = dense / (double) lung;
            assertTrue(f > 0.008 && f < 0.12, "lung voxels above -300 HU: " + f);
        }
    }

    @Test
    void airNoiseMatchesTheDrawnTarget() {
        PhantomConfig c = PhantomConfig.builder().optSizePx(256).optSliceCount(8).build();
        for (int i = 0; i < 3; i++) {
            PhantomScan s = ChestPhantom.generate(c, 77, i);
            GridSize g = s.ct().size();
            short[] hu = s.ct().toShorts();
            double sum = 0;
            double sumSq = 0;
            int n = 0;
            for (int z = 0; z < g.z(); z++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        for (int xx : new int[] {x, g.x() - 1 - x}) {
                            double v = hu[g.index(xx, y, z)];
                            sum += v;
                            sumSq += v * v;
                            n++;
                        }
                    }
                }
            }
            double mean = sum / n;
            double sd = Math.sqrt(sumSq / n - mean * mean);
            double target = s.protocol().noiseSigmaHu();
            assertEquals(-1000, mean, 3, "air mean");
            assertEquals(target, sd, 0.1 * target, "noise sigma (target " + target + ")");
        }
    }

    @Test
    void noduleCentresAreInTheLungLabels() {
        int nodules = 0;
        for (PhantomScan s : SCANS) {
            for (PlantedNodule n : s.nodules()) {
                int l = labelAt(s, n.centre());
                assertTrue(l == LungLabels.RIGHT_LUNG || l == LungLabels.LEFT_LUNG, n + " label " + l);
                assertTrue(n.diameterMm() >= 3 && n.diameterMm() <= 30);
                nodules++;
            }
            for (PlantedFinding f : s.excluded()) {
                int l = labelAt(s, f.centre());
                assertTrue(l == LungLabels.RIGHT_LUNG || l == LungLabels.LEFT_LUNG, f + " label " + l);
            }
        }
        assertTrue(nodules >= 12, "nodules planted: " + nodules);
    }

    @Test
    void juxtapleuralNodulesTouchTheLungBoundary() {
        int checked = 0;
        for (PhantomScan s : SCANS) {
            var sp = s.ct().geometry().spacing();
            double halfDiagonal = 0.5 * Math.sqrt(sp.x() * sp.x() + sp.y() * sp.y() + sp.z() * sp.z());
            for (PlantedNodule n : s.nodules()) {
                double d = distanceToNonLung(s, n.centre(), n.radiusMm() + 10);
                if (n.attachment() == PlantedNodule.Attachment.JUXTAPLEURAL) {
                    assertTrue(d <= n.radiusMm() + halfDiagonal + 0.5,
                            n + " is " + d + " mm from the lung boundary");
                    checked++;
                } else {
                    assertTrue(d >= 0.5 * n.radiusMm(), n + " is " + d + " mm from the boundary");
                }
            }
        }
        assertTrue(checked >= 2, "juxtapleural nodules checked: " + checked);
    }

    @Test
    void solidNodulesAreDenseAndGroundGlassIsInBetween() {
        int solid = 0;
        int groundGlass = 0;
        for (PhantomScan s : SCANS) {
            double lung = median(lungValues(s.ct().toShorts(), labels(s)));
            for (PlantedNodule n : s.nodules()) {
                if (n.diameterMm() < 6) {
                    continue;
                }
                double core = coreMean(s, n);
                if (n.kind() == PlantedNodule.Kind.SOLID) {
                    assertTrue(core > lung + 400, n + " core " + core + " vs lung " + lung);
                    solid++;
                } else if (n.kind() == PlantedNodule.Kind.GROUND_GLASS) {
                    assertTrue(core > lung + 60 && core < -300, n + " core " + core + " vs lung " + lung);
                    groundGlass++;
                }
            }
        }
        assertTrue(solid >= 1 && groundGlass >= 1, "solid " + solid + ", ground glass " + groundGlass);
    }

    @Test
    void annotationRowsAreThePlantedNodules() {
        for (PhantomScan s : SCANS) {
            List<Annotation> rows = s.annotations();
            assertEquals(s.nodules().size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(s.seriesUid(), rows.get(i).seriesUid());
                assertEquals(s.nodules().get(i).centre(), rows.get(i).centre());
                assertEquals(s.nodules().get(i).diameterMm(), rows.get(i).diameterMm());
            }
            List<Annotation> excluded = s.excludedAnnotations();
            assertEquals(s.excluded().size(), excluded.size());
            for (int i = 0; i < excluded.size(); i++) {
                PlantedFinding f = s.excluded().get(i);
                assertEquals(f.centre(), excluded.get(i).centre());
                if (f.kind() == PlantedFinding.Kind.NON_NODULE) {
                    assertEquals(-1, excluded.get(i).diameterMm());
                } else {
                    assertTrue(excluded.get(i).diameterMm() > 0 && excluded.get(i).diameterMm() < 7);
                }
            }
        }
    }

    @Test
    void candidatesMarkNodulesAndNonNodules() {
        for (PhantomScan s : SCANS) {
            int negatives = 0;
            boolean[] marked = new boolean[s.nodules().size()];
            for (Candidate c : s.candidates()) {
                assertEquals(s.seriesUid(), c.seriesUid());
                if (c.label() == Candidate.NODULE) {
                    boolean near = false;
                    for (int k = 0; k < s.nodules().size(); k++) {
                        PlantedNodule n = s.nodules().get(k);
                        if (c.centre().distanceTo(n.centre()) <= n.radiusMm() / 4 + 1e-9) {
                            near = true;
                            marked[k] = true;
                        }
                    }
                    assertTrue(near, "class-1 candidate away from every nodule: " + c);
                } else {
                    negatives++;
                    for (PlantedNodule n : s.nodules()) {
                        assertTrue(c.centre().distanceTo(n.centre()) > n.radiusMm(), c + " in " + n);
                    }
                    assertTrue(lungWithinOneVoxel(s, c.centre()), "outside the lung: " + c);
                }
            }
            assertEquals(CONFIG.nonNoduleCandidates(), negatives);
            for (boolean m : marked) {
                assertTrue(m, "a nodule without a class-1 candidate");
            }
        }
    }

    @Test
    void renderedLabelsAgreeWithThePointQueryUsedForPlacement() {
        PhantomConfig c = PhantomConfig.builder().optSizePx(96).optSliceCount(40).build();
        PhantomScan scan = ChestPhantom.generate(c, 13, 2);
        ChestScene scene = ChestScene.build(c, scan.protocol(), 13, 2);
        Volume labels = scan.lungLabels();
        GridSize g = labels.size();
        SplittableRandom rng = new SplittableRandom(1);
        int disagree = 0;
        int samples = 20_000;
        for (int n = 0; n < samples; n++) {
            int x = rng.nextInt(g.x());
            int y = rng.nextInt(g.y());
            int z = rng.nextInt(g.z());
            WorldPoint p = labels.geometry().toWorld(new VoxelPoint(x, y, z));
            if ((int) labels.value(x, y, z) != scene.lung().label(p.x(), p.y(), p.z())) {
                disagree++;
            }
        }
        assertTrue(disagree <= samples / 1000, disagree + " of " + samples + " voxels disagree");
    }

    @Test
    void vesselTreesStayInTheLung() {
        PhantomConfig c = PhantomConfig.builder().optSizePx(96).optSliceCount(40).build();
        ScanProtocol p = ScanProtocol.sample(c, 9, 0);
        ChestScene scene = ChestScene.build(c, p, 9, 0);
        int inside = 0;
        int total = 0;
        double maxRoot = 0;
        for (VesselBranch b : scene.vessels()) {
            if (b.generation() > 0) {
                total++;
                if (scene.lung().isLung(b.end())) {
                    inside++;
                }
            } else {
                maxRoot = Math.max(maxRoot, b.radius());
            }
        }
        assertTrue(total > 1000, "branches " + total);
        assertTrue(inside >= 0.97 * total, inside + " of " + total + " branch ends in the lung");
        assertTrue(maxRoot >= 4 && maxRoot <= 7.5, "root radius " + maxRoot);
    }

    /** Whether the voxel nearest p or one of its 26 neighbours is lung. */
    private static boolean lungWithinOneVoxel(PhantomScan s, WorldPoint p) {
        Volume v = s.lungLabels();
        VoxelPoint q = v.geometry().toVoxel(p);
        int x0 = (int) Math.round(q.x());
        int y0 = (int) Math.round(q.y());
        int z0 = (int) Math.round(q.z());
        for (int z = z0 - 1; z <= z0 + 1; z++) {
            for (int y = y0 - 1; y <= y0 + 1; y++) {
                for (int x = x0 - 1; x <= x0 + 1; x++) {
                    if (v.size().contains(x, y, z)) {
                        int l = (int) v.value(x, y, z);
                        if (l == LungLabels.RIGHT_LUNG || l == LungLabels.LEFT_LUNG) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    static byte[] labels(PhantomScan s) {
        return ((VoxelData.Int8) s.lungLabels().data()).values();
    }

    static int labelAt(PhantomScan s, WorldPoint p) {
        Volume v = s.lungLabels();
        VoxelPoint q = v.geometry().toVoxel(p);
        return (int) v.value((int) Math.round(q.x()), (int) Math.round(q.y()), (int) Math.round(q.z()));
    }

    private static double meanX(PhantomScan s, int label) {
        GridSize g = s.lungLabels().size();
        byte[] lab = labels(s);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < lab.length; i++) {
            if ((lab[i] & 0xFF) == label) {
                sum += i % g.x();
                n++;
            }
        }
        return sum / n;
    }

    private static double[] lungValues(short[] hu, byte[] lab) {
        int n = 0;
        for (byte b : lab) {
            if (b == LungLabels.RIGHT_LUNG || b == LungLabels.LEFT_LUNG) {
                n++;
            }
        }
        double[] out = new double[n];
        int k = 0;
        for (int i = 0; i < hu.length; i++) {
            if (lab[i] == LungLabels.RIGHT_LUNG || lab[i] == LungLabels.LEFT_LUNG) {
                out[k++] = hu[i];
            }
        }
        return out;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** Mean HU of the voxels within 0.35 radius of the centre, or of the nearest voxel. */
    private static double coreMean(PhantomScan s, PlantedNodule n) {
        Volume ct = s.ct();
        double[] acc = {0, 0};
        forEachVoxelNear(ct, n.centre(), 0.35 * n.radiusMm(), (x, y, z) -> {
            acc[0] += ct.value(x, y, z);
            acc[1]++;
        });
        if (acc[1] > 0) {
            return acc[0] / acc[1];
        }
        VoxelPoint c = ct.geometry().toVoxel(n.centre());
        return ct.value((int) Math.round(c.x()), (int) Math.round(c.y()), (int) Math.round(c.z()));
    }

    private static double distanceToNonLung(PhantomScan s, WorldPoint centre, double reach) {
        Volume lab = s.lungLabels();
        double[] best = {Double.MAX_VALUE};
        forEachVoxelNear(lab, centre, reach, (x, y, z) -> {
            int l = (int) lab.value(x, y, z);
            if (l != LungLabels.RIGHT_LUNG && l != LungLabels.LEFT_LUNG) {
                WorldPoint p = lab.geometry().toWorld(new VoxelPoint(x, y, z));
                best[0] = Math.min(best[0], p.distanceTo(centre));
            }
        });
        return best[0];
    }

    interface VoxelVisitor {
        void visit(int x, int y, int z);
    }

    private static void forEachVoxelNear(Volume v, WorldPoint centre, double radius, VoxelVisitor visitor) {
        var sp = v.geometry().spacing();
        VoxelPoint c = v.geometry().toVoxel(centre);
        GridSize g = v.size();
        int rx = (int) Math.ceil(radius / sp.x());
        int ry = (int) Math.ceil(radius / sp.y());
        int rz = (int) Math.ceil(radius / sp.z());
        for (int z = (int) Math.floor(c.z()) - rz; z <= (int) Math.ceil(c.z()) + rz; z++) {
            for (int y = (int) Math.floor(c.y()) - ry; y <= (int) Math.ceil(c.y()) + ry; y++) {
                for (int x = (int) Math.floor(c.x()) - rx; x <= (int) Math.ceil(c.x()) + rx; x++) {
                    if (!g.contains(x, y, z)) {
                        continue;
                    }
                    WorldPoint p = v.geometry().toWorld(new VoxelPoint(x, y, z));
                    if (p.distanceTo(centre) <= radius) {
                        visitor.visit(x, y, z);
                    }
                }
            }
        }
    }
}
