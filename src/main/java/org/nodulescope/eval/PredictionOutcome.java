package org.nodulescope.eval;

import java.util.Objects;

/**
 * What the paper's protocol made of one merged prediction.
 *
 * @param prediction the prediction
 * @param truth the nodule it found, or null for a false positive
 * @param iou box IoU with that nodule; 0 for a false positive
 */
public record PredictionOutcome(MergedNodule prediction, TruthNodule truth, double iou) {

    public PredictionOutcome {
        Objects.requireNonNull(prediction, "prediction");
    }

    public MatchStatus status() {
        return truth != null ? MatchStatus.TP : MatchStatus.FP;
    }
}
