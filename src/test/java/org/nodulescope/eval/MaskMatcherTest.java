package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodulescope.eval.Detections.rect;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.SliceMask;

class MaskMatcherTest {

    private static final MaskMatcher PAPER = MaskMatcher.paper();

    @Test
    void diceAndIouOfKnownOverlaps() {
        // two 4 x 4 squares, one shifted 2 columns: 8 shared of 16 + 16
        MaskOverlap half = MaskOverlap.of(rect(10, 10, 4, 4), rect(12, 10, 4, 4));
        assertEquals(new MaskOverlap(8, 16, 16), half);
        assertEquals(8.0 / 24, half.iou(), 1e-12);
        assertEquals(16.0 / 32, half.dice(), 1e-12);
        // a 2 x 2 inside a 4 x 4: IoU 4 / 16, Dice 8 / 20
        MaskOverlap inside = MaskOverlap.of(rect(10, 10, 4, 4), rect(11, 11, 2, 2));
        assertEquals(0.25, inside.iou(), 0);
        assertEquals(0.4, inside.dice(), 1e-12);
        // identical and disjoint
        assertEquals(1, MaskOverlap.of(rect(3, 3, 5, 2), rect(3, 3, 5, 2)).dice(), 0);
        assertEquals(0, MaskOverlap.of(rect(0, 0, 2, 2), rect(2, 0, 2, 2)).iou(), 0);
    }

    @Test
    void cropsWithHolesCountOnlyInsidePixels() {
        // a 3 x 3 ring (centre pixel off) against the full 3 x 3 square: 8 of 9
        byte[] ring = {1, 1, 1, 1, 0, 1, 1, 1, 1};
        SliceMask r = new SliceMask(64, 64, 5, 5, 3, 3, ring);
        MaskOverlap o = MaskOverlap.of(r, rect(5, 5, 3, 3));
        assertEquals(8.0 / 9, o.iou(), 1e-12);
        assertEquals(16.0 / 17, o.dice(), 1e-12);
    }

    @Test
    void hungarianMaximisesTotalIouWhereGreedyWouldNot() {
        // prediction 0 overlaps truth 0 most but also truth 1; prediction 1 overlaps truth 0
        // only. Greedy would give p0-t0 and leave p1 unpaired; the optimum pairs p0-t1, p1-t0.
        SliceMask t0 = rect(0, 0, 10, 10);
        SliceMask t1 = rect(10, 0, 10, 10);
        SliceMask p0 = rect(4, 0, 10, 10);   // t0: 60/140, t1: 40/160
        SliceMask p1 = rect(0, 0, 6, 10);    // t0: 60/100, t1: 0
        List<MaskPair> pairs = PAPER.match(List.of(p0, p1), List.of(t0, t1));
        assertEquals(2, pairs.size());
        assertEquals(new MaskPair(0, 1, 40.0 / 160, 80.0 / 200), pairs.get(0));
        assertEquals(new MaskPair(1, 0, 60.0 / 100, 120.0 / 160), pairs.get(1));
    }

    @Test
    void onlyPairsWithIouAtLeastTheBoundCount() {
        SliceMask truth = rect(10, 10, 4, 4);
        // 4 / 16 = 0.25 exactly counts
        assertEquals(1, PAPER.match(List.of(rect(11, 11, 2, 2)), List.of(truth)).size());
        // 3 / 16 does not
        assertEquals(0, PAPER.match(List.of(rect(11, 11, 3, 1)), List.of(truth)).size());
        assertEquals(1, new MaskMatcher(0.1)
                .match(List.of(rect(11, 11, 3, 1)), List.of(truth)).size());
    }

    @Test
    void moreMasksOnOneSideLeaveTheRestUnpaired() {
        List<MaskPair> pairs = PAPER.match(
                List.of(rect(0, 0, 4, 4), rect(20, 20, 4, 4), rect(40, 40, 4, 4)),
                List.of(rect(40, 40, 4, 4)));
        assertEquals(List.of(new MaskPair(2, 0, 1, 1)), pairs);
        assertTrue(PAPER.match(List.of(), List.of(rect(0, 0, 2, 2))).isEmpty());
        assertTrue(PAPER.match(List.of(rect(0, 0, 2, 2)), List.of()).isEmpty());
    }

    @Test
    void masksOfDifferentImagesAreRefused() {
        SliceMask other = new SliceMask(32, 32, 0, 0, 1, 1, new byte[] {1});
        assertThrows(IllegalArgumentException.class,
                () -> PAPER.match(List.of(rect(0, 0, 1, 1)), List.of(other)));
    }

    @Test
    void segmentationScoresAverageOverPairs() {
        assertTrue(Double.isNaN(SegmentationScores.NONE.meanDice()));
        assertTrue(Double.isNaN(SegmentationScores.NONE.meanIou()));
        SegmentationScores a = SegmentationScores.of(List.of(new MaskPair(0, 0, 0.5, 0.6)));
        SegmentationScores b = SegmentationScores.of(List.of(
                new MaskPair(0, 0, 0.3, 0.4), new MaskPair(1, 1, 0.7, 0.8)));
        SegmentationScores sum = a.plus(b).plus(SegmentationScores.NONE);
        assertEquals(3, sum.pairs());
        assertTrue(sum.hasPairs());
        assertEquals((0.6 + 0.4 + 0.8) / 3, sum.meanDice(), 1e-12);
        assertEquals((0.5 + 0.3 + 0.7) / 3, sum.meanIou(), 1e-12);
    }
}
