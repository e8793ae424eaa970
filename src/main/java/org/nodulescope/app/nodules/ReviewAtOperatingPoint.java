package org.nodulescope.app.nodules;

import java.util.List;
import java.util.Objects;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.detect.DetectedNodule;

/**
 * A run read against the ground truth at an operating point: only the predictions at or above
 * it are matched, so a nodule that only a hidden prediction hit is missed (FN), as it is for a
 * reader who does not see that prediction.
 *
 * @param review the shown predictions scored, with the missed nodules
 * @param point the operating point
 * @param predictions how many predictions the run has, shown or not
 */
public record ReviewAtOperatingPoint(NoduleReview review, OperatingPoint point,
        int predictions) {

    public ReviewAtOperatingPoint {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(point, "point");
        if (predictions < review.nodules().size()) {
            throw new IllegalArgumentException(review.nodules().size() + " shown of only "
                    + predictions + " predictions");
        }
    }

    /** The predictions of {@code all} that {@code point} shows, scored on {@code scan}. */
    public static ReviewAtOperatingPoint of(ScanSession scan, List<DetectedNodule> all,
            OperatingPoint point) {
        return new ReviewAtOperatingPoint(NoduleReview.of(scan, point.shown(all)), point,
                all.size());
    }

    public int shown() {
        return review.nodules().size();
    }

    /** Predictions below the minimum probability. */
    public int hidden() {
        return predictions - shown();
    }

    /** "64 of 120 shown, &gt;= 0.50" */
    public String summary() {
        return shown() + " of " + predictions + " shown, " + point.text();
    }
}
