package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.eval.NoduleType;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMerger;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/** Measurements of merged nodules with hand-built masks whose answers are known. */
class NoduleBuilderTest {

    private static final GridSize SIZE = new GridSize(64, 64, 20);
    private static final Spacing SPACING = new Spacing(0.5, 0.5, 1.0);
    private static final VoxelGeometry GEOMETRY = new VoxelGeometry(
            new WorldPoint(-100, 50, -300), SPACING, Direction.identity());

    /** -850 HU lung with a +40 HU ball of radius 5 mm around voxel (32, 30, 10). */
    private static Volume ct() {
        short[] hu = new short[(int) SIZE.voxelCount()];
        Arrays.fill(hu, (short) -850);
        for (int z = 0; z < SIZE.z(); z++) {
            for (int y = 0; y < SIZE.y(); y++) {
                for (int x = 0; x < SIZE.x(); x++) {
                    if (inBall(x, y, z)) {
                        hu[SIZE.index(x, y, z)] = 40;
                    }
                }
            }
        }
        return Volume.ofShorts(SIZE, GEOMETRY, hu);
    }

    private static boolean inBall(int x, int y, int z) {
        double dx = (x - 32) * SPACING.x();
        double dy = (y - 30) * SPACING.y();
        double dz = (z - 10) * SPACING.z();
        return dx * dx + dy * dy + dz * dz <= 25;
    }

    /** The ball's cross-section on slice z as a mask crop. */
    private static SliceMask ballSlice(int z) {
        byte[] bits = new byte[SIZE.sliceArea()];
        for (int y = 0; y < SIZE.y(); y++) {
            for (int x = 0; x < SIZE.x(); x++) {
                if (inBall(x, y, z)) {
                    bits[y * SIZE.x() + x] = 1;
                }
            }
        }
        SliceMask frame = new SliceMask(64, 64, 0, 0, 64, 64, bits);
        Box2D b = frame.boundingBox();
        return crop(frame, (int) b.x1(), (int) b.y1(), (int) b.width(), (int) b.height());
    }

    private static SliceMask crop(SliceMask frame, int x0, int y0, int w, int h) {
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (byte) (frame.contains(x0 + x, y0 + y) ? 1 : 0);
            }
        }
        return new SliceMask(64, 64, x0, y0, w, h, out);
    }

    private static MergedNodule merged(List<SliceDetection> members) {
        List<MergedNodule> nodules = NoduleMerger.paper().merge(members);
        assertEquals(1, nodules.size());
        return nodules.get(0);
    }

    @Test
    void aBallMeasuresItsVolumeDiameterAxesCentreAndType() {
        List<SliceDetection> members = new ArrayList<>();
        long voxels = 0;
        for (int z = 5; z <= 15; z++) {
            SliceMask m = ballSlice(z);
            if (m.area() > 0) {
                voxels += m.area();
                members.add(new SliceDetection(z, m.boundingBox(), 0.5 + z / 100.0, m));
            }
        }
        DetectedNodule n = new NoduleBuilder(ct()).build(1, merged(members));
        double voxelVolume = 0.5 * 0.5 * 1.0;
        assertEquals(voxels * voxelVolume, n.volumeMm3(), 1e-9);
        // the digitised ball holds about the volume of a 10 mm sphere
        assertEquals(4 / 3.0 * Math.PI * 125, n.volumeMm3(), 0.05 * 4 / 3.0 * Math.PI * 125);
        assertEquals(Math.cbrt(6 * n.volumeMm3() / Math.PI), n.equivalentDiameterMm(), 1e-12);
        assertEquals(10, n.largestSlice(), "the widest section is the centre one");
        assertTrue(n.axes().longAxisMm() >= 10 && n.axes().longAxisMm() <= 10 + 1.5 * 0.5,
                "long axis " + n.axes().longAxisMm());
        assertTrue(n.axes().shortAxisMm() >= 10 - 0.5, "short axis " + n.axes().shortAxisMm());
        assertEquals(32, n.centreVoxel().x(), 1e-9);
        assertEquals(30, n.centreVoxel().y(), 1e-9);
        assertEquals(10, n.centreVoxel().z(), 1e-9);
        assertEquals(new WorldPoint(-100 + 16, 50 + 15, -300 + 10), n.centreWorld());
        assertEquals(40, n.hu().meanHu(), 1e-9);
        assertEquals(NoduleType.SOLID, n.hu().type());
        assertEquals(0.65, n.probability(), 1e-12);
        assertEquals(members.size(), n.mask().size());
    }

    @Test
    void twoDetectionsOnOneSliceCountTheirUnionOnce() {
        SliceMask full = ballSlice(10);
        Box2D b = full.boundingBox();
        int x0 = (int) b.x1();
        int y0 = (int) b.y1();
        int w = (int) b.width();
        int h = (int) b.height();
        // the left two thirds and the right two thirds of the section overlap in the middle
        SliceMask left = crop(full, x0, y0, 2 * w / 3, h);
        SliceMask right = crop(full, x0 + w / 3, y0, w - w / 3, h);
        MergedNodule m = merged(List.of(new SliceDetection(10, left.boundingBox(), 0.6, left),
                new SliceDetection(10, right.boundingBox(), 0.7, right)));
        DetectedNodule n = new NoduleBuilder(ct()).build(1, m);
        assertEquals(1, n.mask().size());
        assertEquals(full.area(), n.mask().get(0).mask().area());
        assertEquals(full.area() * 0.25, n.volumeMm3(), 1e-9);
    }

    @Test
    void withoutMasksTheCentreIsTheBoxCentreAndNothingIsMeasured() {
        Box2D box = new Box2D(10, 20, 14, 26);
        MergedNodule m = merged(List.of(new SliceDetection(7, box, 0.8, null)));
        DetectedNodule n = new NoduleBuilder(ct()).build(3, m);
        assertEquals(new VoxelPoint(11.5, 22.5, 7), n.centreVoxel());
        assertEquals(GEOMETRY.toWorld(new VoxelPoint(11.5, 22.5, 7)), n.centreWorld());
        assertEquals(0, n.volumeMm3());
        assertEquals(PlanarAxes.NONE, n.axes());
        assertEquals(7, n.largestSlice());
        assertEquals(3, n.rank());
    }
}
