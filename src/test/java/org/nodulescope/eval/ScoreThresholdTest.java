package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nodulescope.eval.Detections.det;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreThresholdTest {

    private static final ScoreThreshold PAPER = ScoreThreshold.paper();

    private static List<Double> probabilities(List<SliceDetection> ds) {
        return ds.stream().map(SliceDetection::probability).toList();
    }

    private static List<SliceDetection> slice(int z, double... ps) {
        return java.util.Arrays.stream(ps).mapToObj(p -> det(z, 0, 0, 4, 4, p)).toList();
    }

    @Test
    void percentileInterpolatesLinearlyAsNumpyDoes() {
        // sorted 0.2 0.4 0.6 0.9; h = (4 - 1) * 0.3 = 0.9 -> 0.2 + 0.9 * (0.4 - 0.2) = 0.38
        // (numpy.percentile([0.9, 0.2, 0.6, 0.4], 30) prints 0.38)
        assertEquals(0.38, ScoreThreshold.percentileOf(new double[] {0.9, 0.2, 0.6, 0.4}, 30),
                1e-12);
        // six values 0.1..0.6: h = 5 * 0.3 = 1.5 -> 0.2 + 0.5 * 0.1 = 0.25 (numpy: 0.25)
        assertEquals(0.25, ScoreThreshold.percentileOf(
                new double[] {0.6, 0.5, 0.4, 0.3, 0.2, 0.1}, 30), 1e-12);
        // one value is its own percentile; the 0th and 100th are the extremes
        assertEquals(0.35, ScoreThreshold.percentileOf(new double[] {0.35}, 30), 0);
        assertEquals(0.1, ScoreThreshold.percentileOf(new double[] {0.3, 0.1, 0.7}, 0), 0);
        assertEquals(0.7, ScoreThreshold.percentileOf(new double[] {0.3, 0.1, 0.7}, 100), 0);
        // the median of an even count is the mean of the middle two
        assertEquals(0.5, ScoreThreshold.percentileOf(new double[] {0.2, 0.4, 0.6, 0.8}, 50),
                1e-12);
    }

    @Test
    void keepsDetectionsAtOrAboveTheThreshold() {
        // 0.38 lies inside [0.1, 0.5]: 0.2 goes, 0.4 0.6 0.9 stay
        assertEquals(List.of(0.9, 0.6, 0.4),
                probabilities(PAPER.applyToSlice(slice(5, 0.9, 0.2, 0.6, 0.4))).stream()
                        .sorted(java.util.Comparator.reverseOrder()).toList());
        // eleven values 0.0, 0.1, ..., 1.0: h = 10 * 0.3 = 3 exactly, the percentile is the
        // value 0.3 itself, and a detection equal to the threshold is kept
        double[] ps = new double[11];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = i / 10.0;
        }
        assertEquals(0.3, PAPER.thresholdFor(ps), 0);
        List<SliceDetection> kept = PAPER.applyToSlice(slice(0, ps));
        assertEquals(List.of(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), probabilities(kept));
    }

    @Test
    void thresholdIsClippedAtBothEnds() {
        // sorted 0.05 0.08 0.3: h = 0.6 -> 0.05 + 0.6 * 0.03 = 0.068 (numpy: 0.068), raised to 0.1
        double[] weak = {0.05, 0.08, 0.3};
        assertEquals(0.068, ScoreThreshold.percentileOf(weak, 30), 1e-12);
        assertEquals(0.1, PAPER.thresholdFor(weak), 0);
        assertEquals(List.of(0.3), probabilities(PAPER.applyToSlice(slice(1, weak))));
        // sorted 0.7 0.8 0.9 0.95: h = 0.9 -> 0.79 (numpy: 0.79), lowered to 0.5: all stay
        double[] strong = {0.7, 0.8, 0.9, 0.95};
        assertEquals(0.79, ScoreThreshold.percentileOf(strong, 30), 1e-12);
        assertEquals(0.5, PAPER.thresholdFor(strong), 0);
        assertEquals(4, PAPER.applyToSlice(slice(1, strong)).size());
    }

    @Test
    void percentileAndBoundsAreOptions() {
        ScoreThreshold median = new ScoreThreshold(50, 0, 1);
        // median of 0.7 0.8 0.9 0.95 is 0.85: 0.9 and 0.95 stay
        assertEquals(List.of(0.9, 0.95),
                probabilities(median.applyToSlice(slice(2, 0.7, 0.8, 0.9, 0.95))));
        ScoreThreshold high = new ScoreThreshold(30, 0.92, 0.92);
        assertEquals(List.of(0.95), probabilities(high.applyToSlice(slice(2, 0.7, 0.95))));
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(List.of(), PAPER.applyToSlice(List.of()));
        assertEquals(List.of(), PAPER.applyPerSlice(List.of()));
        assertThrows(IllegalArgumentException.class, () -> PAPER.thresholdFor(new double[0]));
    }

    @Test
    void eachSliceIsThresholdedAlone() {
        // slice 3 alone: threshold 0.38 drops 0.2; slice 7 alone: 0.1 keeps its 0.2
        List<SliceDetection> mixed = new java.util.ArrayList<>(slice(7, 0.2, 0.15));
        mixed.addAll(slice(3, 0.9, 0.2, 0.6, 0.4));
        List<SliceDetection> kept = PAPER.applyPerSlice(mixed);
        assertEquals(List.of(3, 3, 3, 7), kept.stream().map(SliceDetection::slice).toList());
        assertEquals(List.of(0.9, 0.6, 0.4, 0.2), probabilities(kept));
        // slice 7 threshold: sorted 0.15 0.2, h = 0.3 -> 0.165; 0.15 goes
        assertEquals(0.165, PAPER.thresholdFor(new double[] {0.2, 0.15}), 1e-12);
    }

    @Test
    void oneSliceMeansOneSlice() {
        List<SliceDetection> two = List.of(det(1, 0, 0, 1, 1, 0.5), det(2, 0, 0, 1, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> PAPER.applyToSlice(two));
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreThreshold(101, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreThreshold(-1, 0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreThreshold(30, 0.6, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreThreshold(30, 0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new ScoreThreshold(Double.NaN, 0, 1));
    }
}
