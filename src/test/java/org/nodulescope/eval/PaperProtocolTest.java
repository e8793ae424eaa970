package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nodulescope.eval.Detections.det;
import static org.nodulescope.eval.Detections.rect;
import static org.nodulescope.eval.Detections.truth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.volume.Box2D;

class PaperProtocolTest {

    private static final TruthNodule T0 = truth(0, 20, 10, 10, 20, 20);
    private static final TruthNodule T1 = truth(1, 40, 30, 30, 40, 40);

    /**
     * Slice 19: the nodule (0.9, with its mask) and a weak speck (0.05); the slice's threshold is
     * 0.05 + 0.3 * 0.85 = 0.305, so the speck goes. Slices 20 and 21 see the nodule again,
     * slice 30 has a lone false positive. T1 is missed.
     */
    private static List<SliceDetection> raw() {
        return List.of(
                det(19, new Box2D(10, 10, 20, 20), 0.9, rect(10, 10, 10, 10)),
                det(19, new Box2D(50, 50, 54, 54), 0.05, null),
                det(20, new Box2D(11, 11, 21, 21), 0.8, rect(11, 11, 10, 10)),
                det(21, new Box2D(12, 12, 20, 20), 0.7, null),
                det(30, new Box2D(0, 0, 5, 5), 0.6, null));
    }

    private static Map<Integer, List<org.nodulescope.volume.SliceMask>> truthMasks() {
        return Map.of(19, List.of(rect(10, 10, 10, 10)), 20, List.of(rect(10, 10, 10, 10)));
    }

    @Test
    void scoresOneScanEndToEnd() {
        ScanScore s = PaperProtocol.paper().score(raw(), List.of(T0, T1), truthMasks());
        // {19, 20, 21} join (overlaps 81/100 and 64/64); the representative is the 100 px box
        // of slice 19 (tied in area with slice 20's, more probable), one slice from T0: TP
        assertEquals(2, s.nodules().size());
        assertEquals(19, s.nodules().get(0).centreSlice());
        assertEquals(new DetectionCounts(1, 1, 1), s.counts());
        assertEquals(List.of(MatchStatus.TP, MatchStatus.FN),
                s.match().truths().stream().map(TruthOutcome::status).toList());
        // masks: slice 19 identical (IoU 1, Dice 1); slice 20 shifted by one pixel both ways:
        // 81 shared, IoU 81 / 119, Dice 162 / 200
        assertEquals(2, s.maskPairs().size());
        assertEquals(19, s.maskPairs().get(0).slice());
        SegmentationScores seg = s.segmentation();
        assertEquals((1 + 0.81) / 2, seg.meanDice(), 1e-12);
        assertEquals((1 + 81.0 / 119) / 2, seg.meanIou(), 1e-12);
    }

    @Test
    void thresholdedDetectionsAreNotThresholdedAgain() {
        // handed the raw list as if thresholded, the speck survives and is one more FP
        ScanScore s = PaperProtocol.paper().scoreThresholded(raw(), List.of(T0, T1), truthMasks());
        assertEquals(new DetectionCounts(1, 2, 1), s.counts());
    }

    @Test
    void validationMetricsAddScansAndRoundTripThroughJson() throws Exception {
        PaperProtocol protocol = PaperProtocol.paper();
        ScanScore withNodules = protocol.score(raw(), List.of(T0, T1), truthMasks());
        ScanScore empty = protocol.score(List.of(det(5, 0, 0, 4, 4, 0.9)), List.of(), Map.of());
        ValidationMetrics m = ValidationMetrics.of(List.of(withNodules, empty));
        assertEquals(1, m.tp());
        assertEquals(2, m.fp());
        assertEquals(1, m.fn());
        assertEquals(1.0 / 3, m.precision(), 1e-12);
        assertEquals(0.5, m.recall(), 1e-12);
        assertEquals(2.0 / 5, m.f1(), 1e-12);
        assertEquals(2, m.maskPairs());
        assertEquals((1 + 0.81) / 2, m.dice(), 1e-12);

        ObjectMapper json = new ObjectMapper();
        assertEquals(m, json.readValue(json.writeValueAsString(m), ValidationMetrics.class));
        ValidationMetrics noPairs = ValidationMetrics.of(List.of(empty));
        assertTrue(Double.isNaN(noPairs.dice()));
        String text = json.writeValueAsString(noPairs);
        assertTrue(text.contains("\"maskPairs\":0"), text);
        ValidationMetrics back = json.readValue(text, ValidationMetrics.class);
        assertTrue(Double.isNaN(back.dice()) && Double.isNaN(back.iou()));
        assertEquals(0, back.precision(), 0);
    }
}
