package org.nodulescope.eval;

import java.util.Objects;

/**
 * What the paper's protocol made of one ground-truth nodule.
 *
 * @param truth the nodule
 * @param prediction the prediction that found it, or null when it was missed
 */
public record TruthOutcome(TruthNodule truth, MergedNodule prediction) {

    public TruthOutcome {
        Objects.requireNonNull(truth, "truth");
    }

    public MatchStatus status() {
        return prediction != null ? MatchStatus.TP : MatchStatus.FN;
    }
}
