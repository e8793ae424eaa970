package org.nodulescope.eval;

import java.util.Collection;

/**
 * What one pass of the paper's protocol over a validation set reports: nodule counts and rates
 * (0 where a rate is 0/0, see {@link DetectionCounts}) and the mean Dice and IoU of the counted
 * mask pairs (NaN when {@code maskPairs} is 0; Jackson writes NaN as the string "NaN" and reads
 * it back).
 *
 * @param tp found nodules
 * @param fp predictions that found none
 * @param fn missed nodules
 * @param precision TP / (TP + FP)
 * @param recall TP / (TP + FN)
 * @param f1 harmonic mean of precision and recall
 * @param dice mean Dice over counted mask pairs
 * @param iou mean IoU over counted mask pairs
 * @param maskPairs how many mask pairs were counted
 */
public record ValidationMetrics(int tp, int fp, int fn, double precision, double recall,
        double f1, double dice, double iou, int maskPairs) {

    public static ValidationMetrics of(DetectionCounts counts, SegmentationScores segmentation) {
        return new ValidationMetrics(counts.tp(), counts.fp(), counts.fn(), counts.precision(),
                counts.recall(), counts.f1(), segmentation.meanDice(), segmentation.meanIou(),
                segmentation.pairs());
    }

    /** The metrics of several scans together: counts and pair sums added, then the rates. */
    public static ValidationMetrics of(Collection<ScanScore> scans) {
        DetectionCounts counts = DetectionCounts.ZERO;
        SegmentationScores segmentation = SegmentationScores.NONE;
        for (ScanScore s : scans) {
            counts = counts.plus(s.counts());
            segmentation = segmentation.plus(s.segmentation());
        }
        return of(counts, segmentation);
    }
}
