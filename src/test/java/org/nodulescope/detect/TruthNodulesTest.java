package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/** Truth nodules keep the annotation's index and its centre slice's box, and skip the rest. */
class TruthNodulesTest {

    private static final GridSize SIZE = new GridSize(64, 64, 20);
    private static final VoxelGeometry GEOMETRY = new VoxelGeometry(
            new WorldPoint(-32, -32, -100), new Spacing(1, 1, 2), Direction.identity());

    @Test
    void oneTruthPerAnnotationThatTouchesASliceWithItsIndex() {
        List<Annotation> rows = List.of(
                // voxel (20, 30, 10), 10 mm: slices 8..12, the box of slice 10
                new Annotation("s", new WorldPoint(-12, -2, -80), 10),
                // beyond the last slice (z up to -62)
                new Annotation("s", new WorldPoint(0, 0, 40), 8),
                // 1.6 mm between the slices at -80 and -78
                new Annotation("s", new WorldPoint(0, 0, -79), 1.6),
                // voxel (40, 10, 4), 4 mm: slices 3..5
                new Annotation("s", new WorldPoint(8, -22, -92), 4));
        List<TruthNodule> truths = TruthNodules.of(NoduleTargets.compute(SIZE, GEOMETRY, rows),
                rows);
        assertEquals(2, truths.size());
        assertEquals(new TruthNodule(0, 10, Box2D.ofPixels(15, 25, 25, 35), 10), truths.get(0));
        assertEquals(3, truths.get(1).id());
        assertEquals(4, truths.get(1).centreSlice());
        assertEquals(Box2D.ofPixels(38, 8, 42, 12), truths.get(1).box());
    }
}
