package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.volume.Box2D;

class ValidationFindingsTest {

    private static MergedNodule onSlices(Box2D box, int... slices) {
        List<SliceDetection> members = java.util.Arrays.stream(slices)
                .mapToObj(z -> new SliceDetection(z, box, 0.7, null)).toList();
        return new MergedNodule(members, slices[0], slices[slices.length - 1],
                slices[slices.length / 2], box, 0.7);
    }

    @Test
    void aPredictionLiesOnAnExcludedFindingOnlyWhereItsSliceShowsOne() {
        Box2D finding = new Box2D(100, 100, 110, 110);
        Map<Integer, List<Box2D>> excluded = Map.of(40, List.of(finding), 41, List.of());
        assertTrue(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 39, 40), excluded));
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 41), excluded), "another slice");
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(110, 100, 120, 110), 40), excluded), "edges only touch");
        assertFalse(ValidationFindings.onExcludedFinding(
                onSlices(new Box2D(105, 105, 115, 115), 40), Map.of()), "none in the scan");
    }
}
