package org.nodulescope.eval;

import java.util.List;

/**
 * The paper's protocol on one scan: every prediction with its TP/FP outcome, in the order the
 * matcher visited them (decreasing probability), and every ground-truth nodule with its TP/FN
 * outcome, in the given order.
 */
public record NoduleMatch(List<PredictionOutcome> predictions, List<TruthOutcome> truths) {

    public NoduleMatch {
        predictions = List.copyOf(predictions);
        truths = List.copyOf(truths);
    }

    /**
     * TP counts the found nodules (equal to the true-positive predictions, since matching is
     * one-to-one), FP the other predictions, FN the missed nodules.
     */
    public DetectionCounts counts() {
        int tp = 0;
        int fn = 0;
        for (TruthOutcome t : truths) {
            if (t.status() == MatchStatus.TP) {
                tp++;
            } else {
                fn++;
            }
        }
        return new DetectionCounts(tp, predictions.size() - tp, fn);
    }
}
