package org.nodulescope.eval;

import java.util.Objects;
import org.nodulescope.volume.WorldPoint;

/**
 * One row of {@link CaseTable}: a true positive, false positive or false negative of the
 * paper's protocol. Values that do not apply to the row's status are NaN (numbers) or -1
 * (indices), and empty in the file.
 *
 * @param seriesUid the scan
 * @param status TP, FP or FN
 * @param probability the prediction's probability (TP, FP)
 * @param centre the prediction's centre for TP and FP, the annotation's for FN; world mm; null
 *     when unknown
 * @param centreSlice the prediction's centre slice (TP, FP) or the annotation's (FN); -1 when
 *     unknown
 * @param firstSlice the prediction's first slice (TP, FP)
 * @param lastSlice the prediction's last slice (TP, FP)
 * @param diameterMm the annotated diameter (TP, FN)
 * @param predictedDiameterMm the prediction's volume-equivalent diameter (TP, FP)
 * @param noduleRank the prediction's rank in its scan's detections file (TP, FP)
 * @param annotationIndex which of the scan's rows of {@code annotations.csv}, 0 for the first
 *     in file order (TP, FN)
 * @param boxIou the box IoU of prediction and annotation (TP)
 */
public record CaseRow(String seriesUid, MatchStatus status, double probability,
        WorldPoint centre, int centreSlice, int firstSlice, int lastSlice, double diameterMm,
        double predictedDiameterMm, int noduleRank, int annotationIndex, double boxIou) {

    public CaseRow {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(status, "status");
    }
}
