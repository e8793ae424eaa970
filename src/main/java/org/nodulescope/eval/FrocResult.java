package org.nodulescope.eval;

import java.util.List;
import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;

/**
 * The outcome of the LUNA16 evaluation.
 *
 * @param scans scans evaluated (the series list)
 * @param nodules nodules of {@code annotations.csv} in those scans
 * @param hits nodules hit
 * @param falsePositives marks counted as false positives
 * @param marks marks counted (within the per-scan limit, of listed scans)
 * @param curve the FROC curve
 * @param operatingPoints sensitivity at each of the options' rates
 * @param cpm the mean of those sensitivities
 * @param cpmCi its bootstrap interval, or null when no bootstrap ran
 * @param band curve and interval on a log grid of rates (1/8 to 8), for plots; the bounds equal
 *     the curve when no bootstrap ran
 * @param outcomes each scan's nodules and marks, in series-list order
 * @param annotationsOutsideList annotations of scans that are not in the series list, left out
 * @param marksOfUnknownScans submission rows of scans that are not in the series list, left
 *     out
 * @param marksBeyondLimit marks left out because their scan had more than the limit
 * @param note why the CPM is 0 when it is so for want of marks or nodules, else null
 */
public record FrocResult(int scans, int nodules, int hits, int falsePositives, int marks,
        FrocCurve curve, List<OperatingPoint> operatingPoints, double cpm,
        ConfidenceInterval cpmCi, List<FrocBandPoint> band, List<FrocScanOutcome> outcomes,
        List<Annotation> annotationsOutsideList, List<CadMark> marksOfUnknownScans,
        int marksBeyondLimit, String note) {

    public FrocResult {
        Objects.requireNonNull(curve, "curve");
        operatingPoints = List.copyOf(operatingPoints);
        band = List.copyOf(band);
        outcomes = List.copyOf(outcomes);
        annotationsOutsideList = List.copyOf(annotationsOutsideList);
        marksOfUnknownScans = List.copyOf(marksOfUnknownScans);
    }
}
