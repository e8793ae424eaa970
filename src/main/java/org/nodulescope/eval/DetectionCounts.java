package org.nodulescope.eval;

/**
 * True positives, false positives and false negatives, and the rates made from them. Counts add
 * across scans (micro-averaging: the rates of a data set come from its summed counts, never from
 * averaged per-scan rates).
 *
 * <p>Where a rate would be 0/0 it is 0, never NaN: precision with no predictions, recall with no
 * ground-truth nodules, F1 when both precision and recall are 0. That is scikit-learn's
 * {@code zero_division=0}; it keeps early stopping and JSON free of NaN, and a model that predicts
 * nothing scores 0 rather than "undefined".
 */
public record DetectionCounts(int tp, int fp, int fn) {

    public static final DetectionCounts ZERO = new DetectionCounts(0, 0, 0);

    public DetectionCounts {
        if (tp < 0 || fp < 0 || fn < 0) {
            throw new IllegalArgumentException(
                    "counts must not be negative, got tp=" + tp + " fp=" + fp + " fn=" + fn);
        }
    }

    public DetectionCounts plus(DetectionCounts o) {
        return new DetectionCounts(tp + o.tp, fp + o.fp, fn + o.fn);
    }

    /** Number of predictions, TP + FP. */
    public int predictions() {
        return tp + fp;
    }

    /** Number of ground-truth nodules, TP + FN. */
    public int truths() {
        return tp + fn;
    }

    /** TP / (TP + FP); 0 when there are no predictions. */
    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    /** TP / (TP + FN); 0 when there are no ground-truth nodules. */
    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    /** Harmonic mean of precision and recall, 2 TP / (2 TP + FP + FN); 0 when TP is 0. */
    public double f1() {
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
