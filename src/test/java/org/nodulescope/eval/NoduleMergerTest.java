package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodulescope.eval.Detections.det;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Box2D;

class NoduleMergerTest {

    private static final NoduleMerger PAPER = NoduleMerger.paper();

    @Test
    void overlapIsIntersectionOverTheSmallerBox() {
        Box2D big = new Box2D(0, 0, 10, 10);
        assertEquals(1, NoduleMerger.overlap(big, new Box2D(2, 2, 4, 4)), 0);
        // 10 x 3 strip of a 10 x 10 box against another 10 x 10: 30 / 100
        assertEquals(0.3, NoduleMerger.overlap(big, new Box2D(7, 0, 17, 10)), 0);
        assertEquals(0, NoduleMerger.overlap(big, new Box2D(10, 0, 20, 10)), 0);
        assertEquals(0, NoduleMerger.overlap(big, new Box2D(3, 3, 3, 3)), 0); // no area
    }

    @Test
    void overlapBoundaryJoinsAtExactlyMinOverlap() {
        // 30 / 100 = 0.3 joins; 29 / 100 does not
        assertEquals(1, PAPER.merge(List.of(det(5, 0, 0, 10, 10, 0.9),
                det(6, 7, 0, 17, 10, 0.8))).size());
        assertEquals(2, PAPER.merge(List.of(det(5, 0, 0, 10, 10, 0.9),
                det(6, 7.1, 0, 17.1, 10, 0.8))).size());
    }

    @Test
    void windowEdgeThreeSlicesJoinFourDoNot() {
        SliceDetection a = det(10, 0, 0, 10, 10, 0.9);
        assertTrue(PAPER.joins(a, det(13, 0, 0, 10, 10, 0.5)));
        assertFalse(PAPER.joins(a, det(14, 0, 0, 10, 10, 0.5)));
        assertEquals(1, PAPER.merge(List.of(a, det(13, 0, 0, 10, 10, 0.5))).size());
        assertEquals(2, PAPER.merge(List.of(a, det(14, 0, 0, 10, 10, 0.5))).size());
        assertEquals(1, PAPER.merge(List.of(a, det(7, 0, 0, 10, 10, 0.5))).size());
        // window 0: only the same slice joins
        NoduleMerger sameSlice = new NoduleMerger(0, 0.3);
        assertEquals(2, sameSlice.merge(List.of(a, det(11, 0, 0, 10, 10, 0.5))).size());
        assertEquals(1, sameSlice.merge(List.of(a, det(10, 2, 2, 8, 8, 0.5))).size());
    }

    @Test
    void joiningIsTransitive() {
        // slices 10, 13, 16, 19, 20: neighbours join, 10 and 20 are 10 slices apart; and the
        // boxes drift so that the first and last do not overlap at all
        List<SliceDetection> chain = List.of(
                det(10, 0, 0, 10, 10, 0.4),
                det(13, 4, 0, 14, 10, 0.5),
                det(16, 8, 0, 18, 10, 0.6),
                det(19, 12, 0, 22, 10, 0.7),
                det(20, 16, 0, 26, 10, 0.3));
        assertFalse(PAPER.joins(chain.get(0), chain.get(4)));
        List<MergedNodule> merged = PAPER.merge(chain);
        assertEquals(1, merged.size());
        MergedNodule n = merged.get(0);
        assertEquals(5, n.members().size());
        assertEquals(10, n.firstSlice());
        assertEquals(20, n.lastSlice());
        assertEquals(11, n.sliceSpan());
        assertEquals(0.7, n.probability(), 0);
    }

    @Test
    void representativeIsTheLargestBoxTiesToTheMoreProbable() {
        List<MergedNodule> merged = PAPER.merge(List.of(
                det(10, 2, 2, 8, 8, 0.95),     // 36 px, most probable
                det(11, 0, 0, 10, 10, 0.6),    // 100 px
                det(12, 1, 1, 11, 11, 0.7),    // 100 px, more probable: the representative
                det(13, 3, 3, 7, 7, 0.2)));
        MergedNodule n = merged.get(0);
        assertEquals(12, n.centreSlice());
        assertEquals(new Box2D(1, 1, 11, 11), n.box());
        assertEquals(0.95, n.probability(), 0);
        assertEquals(List.of(10, 11, 12, 13),
                n.members().stream().map(SliceDetection::slice).toList());
    }

    @Test
    void separateNodulesStaySeparateAndComeByDecreasingProbability() {
        List<MergedNodule> merged = PAPER.merge(List.of(
                det(10, 0, 0, 10, 10, 0.4),
                det(11, 0, 0, 10, 10, 0.5),
                det(10, 40, 40, 50, 50, 0.9),
                det(30, 0, 0, 10, 10, 0.7)));
        assertEquals(List.of(0.9, 0.7, 0.5),
                merged.stream().map(MergedNodule::probability).toList());
        assertEquals(List.of(1, 1, 2), merged.stream().map(n -> n.members().size()).toList());
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        List<SliceDetection> ds = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            int slice = random.nextInt(30);
            double x = random.nextInt(40);
            double y = random.nextInt(40);
            double size = 3 + random.nextInt(10);
            // probabilities repeat on purpose so that ties must be broken consistently
            ds.add(det(slice, x, y, x + size, y + size, (1 + random.nextInt(5)) / 5.0));
        }
        List<MergedNodule> expected = PAPER.merge(ds);
        assertTrue(expected.size() > 3 && expected.size() < 55, "a mix of joined and lone");
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(ds, new Random(round));
            assertEquals(expected, PAPER.merge(ds));
        }
    }

    @Test
    void noDetectionsNoNodules() {
        assertEquals(List.of(), PAPER.merge(List.of()));
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NoduleMerger(-1, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new NoduleMerger(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new NoduleMerger(3, 1.1));
    }
}
