package org.nodulescope.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.ManagerPerTest;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.config.TopN;
import org.nodulescope.model.rpn.ImageSizes;
import org.nodulescope.model.rpn.RegionProposalNetwork.Predictions;
import org.nodulescope.model.rpn.RegionProposalNetwork.Proposals;

/**
 * The proposal filter's rules on hand-built anchors whose deltas are zero (each proposal is its
 * anchor): clipping to the image's own size, the minimum size and the score threshold at their
 * boundaries, the per-level top-n, NMS within a level only, the post-NMS cut.
 */
@ExtendWith(ManagerPerTest.class)
class ProposalFilterTest {

    private static final TopN ALL = new TopN(100, 100);

    private NDManager manager;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
    }

    private Proposals run(ProposalFilter filter, float[] anchors, float[] logits, int[] perLevel,
            int height, int width, TopN topN) {
        int t = logits.length;
        Predictions p = new Predictions(manager.create(logits, new Shape(1, t)),
                manager.zeros(new Shape(1, t, 4)), manager.create(anchors, new Shape(t, 4)),
                perLevel);
        return filter.apply(manager, p, new ImageSizes(64, 128,
                List.of(new int[] {height, width})), topN).get(0);
    }

    private static ProposalFilter filter(float scoreThreshold, float minSize) {
        return new ProposalFilter(BoxCoder.forRpn(), 0.7f, scoreThreshold, minSize);
    }

    @Test
    void boxesAreClippedToTheImagesOwnSizeNotThePaddedBatch() {
        Proposals out = run(filter(0f, 1e-3f), new float[] {90, 40, 130, 70}, new float[] {1f},
                new int[] {1}, 50, 100, ALL);
        assertArrayEquals(new float[] {90, 40, 100, 50}, out.boxes().toFloatArray());
    }

    @Test
    void theMinimumSizeKeepsABoxExactlyThatWideAndDropsANarrowerOne() {
        // widths 1 and 0.5 (heights 4), then heights 1 and 0.5 (widths 4); minimum size 1 px
        float[] anchors = {0, 0, 1, 4, 10, 0, 10.5f, 4, 20, 0, 24, 1, 30, 0, 34, 0.5f};
        Proposals out = run(filter(0f, 1f), anchors, new float[] {4f, 3f, 2f, 1f},
                new int[] {4}, 64, 128, ALL);
        assertArrayEquals(new float[] {0, 0, 1, 4, 20, 0, 24, 1}, out.boxes().toFloatArray());
    }

    @Test
    void aScoreEqualToTheThresholdIsKeptAndABelowOneDropped() {
        // sigmoid(0) is exactly 0.5
        float[] anchors = {0, 0, 8, 8, 20, 0, 28, 8};
        Proposals out = run(filter(0.5f, 1e-3f), anchors, new float[] {0f, -0.01f},
                new int[] {2}, 64, 128, ALL);
        assertArrayEquals(new float[] {0, 0, 8, 8}, out.boxes().toFloatArray());
        assertArrayEquals(new float[] {0.5f}, out.scores().toFloatArray());
    }

    @Test
    void nmsSuppressesWithinALevelOnlyAndTheCutKeepsTheBest() {
        // level 0: two equal boxes (the weaker suppressed) and a disjoint one; level 1: the same
        // box again, which survives beside its twin of level 0
        float[] anchors = {0, 0, 16, 16, 0, 0, 16, 16, 40, 0, 56, 16, 0, 0, 16, 16};
        float[] logits = {3f, 2f, 1f, 0.5f};
        Proposals all = run(filter(0f, 1e-3f), anchors, logits, new int[] {3, 1}, 64, 128, ALL);
        assertArrayEquals(new float[] {0, 0, 16, 16, 40, 0, 56, 16, 0, 0, 16, 16},
                all.boxes().toFloatArray());
        float[] scores = all.scores().toFloatArray();
        assertEquals(3, scores.length);
        assertEquals((float) (1 / (1 + Math.exp(-3.0))), scores[0]);
        assertEquals((float) (1 / (1 + Math.exp(-0.5))), scores[2]);

        Proposals two = run(filter(0f, 1e-3f), anchors, logits, new int[] {3, 1}, 64, 128,
                new TopN(100, 2));
        assertArrayEquals(new float[] {0, 0, 16, 16, 40, 0, 56, 16}, two.boxes().toFloatArray());
    }

    @Test
    void preNmsTopNIsPerLevel() {
        // one candidate per level: level 0's best (logit 1) and level 1's only one (logit -5),
        // although level 0's second (logit 0.9) outscores it
        float[] anchors = {0, 0, 8, 8, 20, 0, 28, 8, 40, 0, 48, 8};
        Proposals out = run(filter(0f, 1e-3f), anchors, new float[] {1f, 0.9f, -5f},
                new int[] {2, 1}, 64, 128, new TopN(1, 100));
        assertArrayEquals(new float[] {0, 0, 8, 8, 40, 0, 48, 8}, out.boxes().toFloatArray());
    }

    @Test
    void topIndicesOrderByDecreasingValueWithTiesInIndexOrder() {
        float[] values = {9f, -0.5f, 3f, -2f, 3f, -0f, 0f, Float.NEGATIVE_INFINITY, 7.25f, -0.5f};
        // a window from index 1: the level's own slice of the batch array; -0 and 0 tie
        assertArrayEquals(new int[] {8, 2, 4, 5, 6, 1, 9, 3, 7},
                ProposalFilter.topIndices(values, 1, 9, 20));
        assertArrayEquals(new int[] {8, 2, 4}, ProposalFilter.topIndices(values, 1, 9, 3));
        assertArrayEquals(new int[] {0}, ProposalFilter.topIndices(values, 0, 10, 1));
    }
}
