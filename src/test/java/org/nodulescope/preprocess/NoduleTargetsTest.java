package org.nodulescope.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.io.Annotation;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

class NoduleTargetsTest {

    private static final GridSize SIZE = new GridSize(64, 64, 20);
    private static final VoxelGeometry GEOMETRY = new VoxelGeometry(
            new WorldPoint(-32, -32, -100), new Spacing(1, 1, 2), Direction.identity());

    @Test
    void aSphereBecomesShrinkingDiscsOnTheSlicesItTouches() {
        // Centre at voxel (20, 30, 10), radius 5 mm: slices 8..12 (dz = -4..4 mm) touch it.
        Annotation a = new Annotation("s", new WorldPoint(-12, -2, -80), 10);
        NoduleTargets.Result r = NoduleTargets.compute(SIZE, GEOMETRY, List.of(a));
        assertEquals(List.of(10), r.centreSlices());
        assertEquals(List.of(8, 9, 10, 11, 12),
                r.targets().stream().map(NoduleTargets.Target::slice).toList());

        NoduleTargets.Target centre = r.onSlice(10).get(0);
        assertEquals(Box2D.ofPixels(15, 25, 25, 35), centre.box());
        // radius 5 px disc around an integer centre: 81 pixel centres lie within it
        assertEquals(81, centre.mask().area());
        assertTrue(centre.mask().contains(20, 30));
        assertTrue(centre.mask().contains(25, 30));
        assertTrue(!centre.mask().contains(24, 34));

        NoduleTargets.Target edge = r.onSlice(12).get(0); // dz = 4 -> radius 3
        assertEquals(Box2D.ofPixels(17, 27, 23, 33), edge.box());
    }

    @Test
    void aTinyCrossSectionKeepsAtLeastOnePixel() {
        // radius 0.3 mm at the centre slice: no pixel centre within it, the nearest is used.
        Annotation a = new Annotation("s", new WorldPoint(-12.4, -2.4, -80), 0.6);
        NoduleTargets.Result r = NoduleTargets.compute(SIZE, GEOMETRY, List.of(a));
        assertEquals(1, r.targets().size());
        assertEquals(1, r.targets().get(0).mask().area());
        assertEquals(Box2D.ofPixels(20, 30, 20, 30), r.targets().get(0).box());
    }

    @Test
    void aSmallNoduleBetweenThickSlicesHasNoTargetAndIsReported() {
        // slices every 2 mm at z = -100, -98, ...; a 1.6 mm nodule centred at -79 touches none
        Annotation a = new Annotation("s", new WorldPoint(0, 0, -79), 1.6);
        NoduleTargets.Result r = NoduleTargets.compute(SIZE, GEOMETRY, List.of(a));
        assertTrue(r.targets().isEmpty());
        assertEquals(List.of(a), r.betweenSlices());
        assertEquals(List.of(-1), r.centreSlices());
        // 3 mm at -79.2: touches slice 10 (dz = 0.8) and 11 (dz = 1.2); the centre slice is 10
        Annotation b = new Annotation("s", new WorldPoint(0, 0, -79.2), 3);
        assertEquals(List.of(10), NoduleTargets.compute(SIZE, GEOMETRY, List.of(b)).centreSlices());
    }

    @Test
    void anisotropicPixelsGiveAnEllipseInPixels() {
        VoxelGeometry g = new VoxelGeometry(new WorldPoint(0, 0, 0), new Spacing(0.5, 1, 1),
                Direction.identity());
        Annotation a = new Annotation("s", new WorldPoint(10, 10, 5), 8);
        NoduleTargets.Target t = NoduleTargets.compute(SIZE, g, List.of(a)).onSlice(5).get(0);
        assertEquals(Box2D.ofPixels(12, 6, 28, 14), t.box());
    }

    @Test
    void annotationsOutsideTheVolumeAreSkippedAndCounted() {
        Annotation inside = new Annotation("s", new WorldPoint(0, 0, -80), 6);
        Annotation above = new Annotation("s", new WorldPoint(0, 0, 100), 6);
        Annotation left = new Annotation("s", new WorldPoint(-60, 0, -80), 6);
        NoduleTargets.Result r = NoduleTargets.compute(SIZE, GEOMETRY, List.of(above, inside, left));
        assertEquals(List.of(above, left), r.outside());
        assertTrue(r.betweenSlices().isEmpty());
        assertEquals(List.of(-1, 10, -1), r.centreSlices());
        assertTrue(r.targets().stream().allMatch(t -> t.annotationIndex() == 1));
    }

    @Test
    void stacksClampAtTheEdges() {
        SliceStacker five = new SliceStacker(5);
        assertArrayEquals(new int[] {0, 0, 0, 1, 2}, five.sliceIndices(0, 10));
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, five.sliceIndices(5, 10));
        assertArrayEquals(new int[] {7, 8, 9, 9, 9}, five.sliceIndices(9, 10));
        assertArrayEquals(new int[] {0, 1, 2}, new SliceStacker(3).sliceIndices(1, 10));
        assertThrows(IllegalArgumentException.class, () -> new SliceStacker(4));
        assertThrows(IndexOutOfBoundsException.class, () -> five.sliceIndices(10, 10));

        int[] asked = new int[10];
        float[][] s = five.stack(0, 10, z -> {
            asked[z]++;
            return new float[] {z};
        }, float[][]::new);
        assertEquals(0, s[2][0], 0);
        assertEquals(2, s[4][0], 0);
        assertEquals(1, asked[0], "a clamped slice is prepared once");
    }
}
