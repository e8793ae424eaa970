package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.eval.Detections.nodule;
import static org.nodulescope.eval.Detections.truth;

import java.util.List;
import org.junit.jupiter.api.Test;

class NoduleMatcherTest {

    private static final NoduleMatcher PAPER = NoduleMatcher.paper();

    private static List<MatchStatus> predictionStatuses(NoduleMatch m) {
        return m.predictions().stream().map(PredictionOutcome::status).toList();
    }

    private static List<MatchStatus> truthStatuses(NoduleMatch m) {
        return m.truths().stream().map(TruthOutcome::status).toList();
    }

    @Test
    void iouExactlyPointTwoIsNotATruePositive() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        // a 10 x 2 strip inside the 10 x 10 truth: IoU = 20 / 100 = 0.2 exactly
        MergedNodule strip = nodule(20, 0, 0, 10, 2, 0.9);
        assertEquals(0.2, strip.box().iou(t.box()), 0);
        NoduleMatch m = PAPER.match(List.of(strip), List.of(t));
        assertEquals(List.of(MatchStatus.FP), predictionStatuses(m));
        assertEquals(List.of(MatchStatus.FN), truthStatuses(m));
        assertEquals(new DetectionCounts(0, 1, 1), m.counts());
    }

    @Test
    void iouJustAbovePointTwoIsATruePositive() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        MergedNodule strip = nodule(20, 0, 0, 10, 2.001, 0.9); // IoU 0.2001
        NoduleMatch m = PAPER.match(List.of(strip), List.of(t));
        assertEquals(List.of(MatchStatus.TP), predictionStatuses(m));
        assertSame(t, m.predictions().get(0).truth());
        assertSame(strip, m.truths().get(0).prediction());
        assertEquals(0.2001, m.predictions().get(0).iou(), 1e-12);
        assertEquals(new DetectionCounts(1, 0, 0), m.counts());
    }

    @Test
    void centreThreeSlicesAwayIsATruePositiveFourIsNot() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        assertEquals(new DetectionCounts(1, 0, 0),
                PAPER.match(List.of(nodule(23, 0, 0, 10, 10, 0.9)), List.of(t)).counts());
        assertEquals(new DetectionCounts(1, 0, 0),
                PAPER.match(List.of(nodule(17, 0, 0, 10, 10, 0.9)), List.of(t)).counts());
        assertEquals(new DetectionCounts(0, 1, 1),
                PAPER.match(List.of(nodule(24, 0, 0, 10, 10, 0.9)), List.of(t)).counts());
        assertEquals(new DetectionCounts(0, 1, 1),
                PAPER.match(List.of(nodule(16, 0, 0, 10, 10, 0.9)), List.of(t)).counts());
    }

    @Test
    void twoPredictionsForOneNoduleAreOneTpAndOneFp() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        // the less probable one fits better, yet the more probable one is visited first
        MergedNodule confident = nodule(21, 1, 1, 11, 11, 0.9);
        MergedNodule exact = nodule(20, 0, 0, 10, 10, 0.6);
        NoduleMatch m = PAPER.match(List.of(exact, confident), List.of(t));
        assertEquals(List.of(MatchStatus.TP, MatchStatus.FP), predictionStatuses(m));
        assertSame(confident, m.predictions().get(0).prediction());
        assertSame(confident, m.truths().get(0).prediction());
        assertEquals(new DetectionCounts(1, 1, 0), m.counts());
    }

    @Test
    void onePredictionBetweenTwoNodulesFindsOnlyTheBetterOne() {
        // truths side by side; the prediction covers more of the right one
        TruthNodule left = truth(0, 20, 0, 0, 10, 10);
        TruthNodule right = truth(1, 20, 10, 0, 20, 10);
        // (4..16): 60 px of each, IoU 60 / (100 + 120 - 60) = 0.375 with both
        MergedNodule between = nodule(20, 4, 0, 16, 10, 0.9);
        // (5..17): left 50 / 170, right 70 / 150
        MergedNodule uneven = nodule(20, 5, 0, 17, 10, 0.9);
        assertEquals(50.0 / 170.0, uneven.box().iou(left.box()), 1e-12);
        assertEquals(70.0 / 150.0, uneven.box().iou(right.box()), 1e-12);
        NoduleMatch m = PAPER.match(List.of(uneven), List.of(left, right));
        assertEquals(List.of(MatchStatus.FN, MatchStatus.TP), truthStatuses(m));
        assertEquals(new DetectionCounts(1, 0, 1), m.counts());
        // an exact tie in IoU: the nodule listed first is taken
        NoduleMatch tie = PAPER.match(List.of(between), List.of(left, right));
        assertEquals(List.of(MatchStatus.TP, MatchStatus.FN), truthStatuses(tie));
    }

    @Test
    void aTakenNoduleIsNotTakenAgainEvenIfTheOtherCouldHaveGoneElsewhere() {
        // greedy by probability, as detection benchmarks do: the first prediction qualifies for
        // both and takes the one it fits best (left); the second qualifies only for left and
        // finds it taken, although first -> right, second -> left would have found both
        TruthNodule left = truth(0, 20, 0, 0, 10, 10);
        TruthNodule right = truth(1, 20, 10, 0, 20, 10);
        MergedNodule first = nodule(20, 3, 0, 14, 10, 0.9);   // left 70/140, right 40/170
        MergedNodule second = nodule(20, 0, 0, 8, 10, 0.8);   // left 80/100, right 0
        assertEquals(40.0 / 170, first.box().iou(right.box()), 1e-12);
        NoduleMatch m = PAPER.match(List.of(second, first), List.of(left, right));
        assertEquals(List.of(MatchStatus.TP, MatchStatus.FP), predictionStatuses(m));
        assertSame(left, m.predictions().get(0).truth());
        assertNull(m.predictions().get(1).truth());
        assertEquals(new DetectionCounts(1, 1, 1), m.counts());
    }

    @Test
    void emptySides() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        assertEquals(new DetectionCounts(0, 0, 1), PAPER.match(List.of(), List.of(t)).counts());
        assertEquals(new DetectionCounts(0, 2, 0), PAPER.match(List.of(
                nodule(3, 0, 0, 5, 5, 0.3), nodule(9, 0, 0, 5, 5, 0.4)), List.of()).counts());
        assertEquals(DetectionCounts.ZERO, PAPER.match(List.of(), List.of()).counts());
    }

    @Test
    void thresholdsAreOptions() {
        TruthNodule t = truth(0, 20, 0, 0, 10, 10);
        MergedNodule far = nodule(25, 0, 0, 10, 5, 0.9); // 5 slices away, IoU 0.5
        assertEquals(0, PAPER.match(List.of(far), List.of(t)).counts().tp());
        assertEquals(1, new NoduleMatcher(5, 0.2).match(List.of(far), List.of(t)).counts().tp());
        assertEquals(0, new NoduleMatcher(5, 0.5).match(List.of(far), List.of(t)).counts().tp());
        assertThrows(IllegalArgumentException.class, () -> new NoduleMatcher(-1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new NoduleMatcher(3, 1));
    }
}
