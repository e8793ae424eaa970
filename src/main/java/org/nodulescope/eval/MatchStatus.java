package org.nodulescope.eval;

/** The outcome of a prediction (TP or FP) or of a ground-truth nodule (TP or FN). */
public enum MatchStatus {
    /** A prediction that found a nodule, or a nodule that was found. */
    TP,
    /** A prediction that found no nodule (or one already taken by a more probable prediction). */
    FP,
    /** A nodule that no prediction found. */
    FN
}
