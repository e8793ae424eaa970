package org.nodulescope.model.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.model.Fixture.assertSameLongs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.Fixture;
import org.nodulescope.model.ManagerPerTest;

/** Matcher against torchvision's det_utils.Matcher (fixtures/ops/matcher.npz). */
@ExtendWith(ManagerPerTest.class)
class MatcherTest {

    private NDManager manager;
    private Fixture fixture;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
        fixture = Fixture.op(manager, "matcher");
    }

    @Test
    void rpnMatcherEqualsTorchvisionIncludingTiesAndAGroundTruthThatOverlapsNothing() {
        assertSameLongs(fixture.get("rpn.matches"), Matcher.forRpn().match(fixture.get("rpn.quality")),
                "rpn");
        assertSameLongs(fixture.get("rpn_overlap.matches"),
                Matcher.forRpn().match(fixture.get("rpn_overlap.quality")), "rpn, all overlapping");
    }

    @Test
    void roiMatcherEqualsTorchvision() {
        assertSameLongs(fixture.get("roi.matches"),
                Matcher.forRoiHeads().match(fixture.get("roi.quality")), "roi");
    }

    @Test
    void sentinelsAndLowQualityRescueOnAHandMadeMatrix() {
        NDArray quality = manager.create(new float[][] {
                {0.9f, 0.5f, 0.1f, 0.2f},
                {0.1f, 0.6f, 0.2f, 0.2f}});
        assertArrayEquals(new long[] {0, Matcher.BETWEEN_THRESHOLDS, Matcher.BELOW_LOW_THRESHOLD,
                Matcher.BELOW_LOW_THRESHOLD}, new Matcher(0.7f, 0.3f, false).match(quality)
                .toLongArray());
        // column 1 is ground truth 1's best, so it is kept as a match despite 0.6 < 0.7
        assertArrayEquals(new long[] {0, 1, Matcher.BELOW_LOW_THRESHOLD,
                Matcher.BELOW_LOW_THRESHOLD}, Matcher.forRpn().match(quality).toLongArray());
    }

    @Test
    void refusesEmptyMatricesAndCrossedThresholds() {
        assertThrows(IllegalArgumentException.class,
                () -> Matcher.forRpn().match(manager.zeros(new Shape(0, 5))));
        assertThrows(IllegalArgumentException.class,
                () -> Matcher.forRpn().match(manager.zeros(new Shape(2, 0))));
        assertThrows(IllegalArgumentException.class, () -> new Matcher(0.3f, 0.7f, false));
    }
}
