package org.nodulescope.train;

import java.util.Objects;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.volume.Box2D;

/**
 * One row of a validation's findings: a merged prediction (TP or FP by the paper's rule) or a
 * nodule no prediction found (FN).
 *
 * @param seriesUid the scan
 * @param status TP or FP for a prediction, FN for a missed nodule
 * @param probability the prediction's, NaN for a missed nodule
 * @param firstSlice the prediction's first slice; a missed nodule's centre slice
 * @param lastSlice the prediction's last slice; a missed nodule's centre slice
 * @param centreSlice the prediction's or the nodule's centre slice
 * @param box the prediction's box, or the missed nodule's, in pixel edges
 * @param truthId the nodule a TP found or the missed one, -1 for a false positive
 * @param truthDiameterMm that nodule's diameter, NaN for a false positive
 * @param onExcludedFinding whether a false positive lies on a finding of
 *     {@code annotations_excluded.csv}, which LUNA16's evaluation would ignore
 */
public record ValidationFinding(String seriesUid, MatchStatus status, double probability,
        int firstSlice, int lastSlice, int centreSlice, Box2D box, int truthId,
        double truthDiameterMm, boolean onExcludedFinding) {

    public ValidationFinding {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(box, "box");
        if (firstSlice > lastSlice || centreSlice < firstSlice || centreSlice > lastSlice) {
            throw new IllegalArgumentException("slices " + firstSlice + "-" + lastSlice
                    + " do not hold the centre slice " + centreSlice);
        }
        if (onExcludedFinding && status != MatchStatus.FP) {
            throw new IllegalArgumentException("only a false positive lies on an excluded"
                    + " finding, not a " + status);
        }
    }

    /** @return whether the row is a missed nodule rather than a prediction */
    public boolean missed() {
        return status == MatchStatus.FN;
    }
}
