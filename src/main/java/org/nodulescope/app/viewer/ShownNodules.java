package org.nodulescope.app.viewer;

import java.util.List;
import java.util.Optional;
import javafx.beans.value.ObservableValue;
import org.nodulescope.app.nodules.OverlayItem;
import org.nodulescope.app.nodules.ReviewAtOperatingPoint;
import org.nodulescope.app.nodules.SliceOverlays;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.detect.DetectedNodule;

/**
 * The nodules on screen: the last detection run on the open scan, or else the nodules of a
 * detections file shown on it, read against the scan's ground truth at the list's minimum
 * probability. Fills the nodule list and gathers the marks of every slice from the same
 * review, so that the list, the marks and the TP/FP/FN counts always agree. JavaFX thread only.
 */
final class ShownNodules {

    /** Nodules read back from a detections file, and the scan they belong to. */
    private record Saved(ScanSession scan, List<DetectedNodule> nodules) {}

    private final ObservableValue<ScanSession> scan;
    private final DetectionModel detection;
    private final NoduleListModel list;
    private final Runnable marksChanged;
    private Saved saved;
    private List<DetectedNodule> predictions = List.of();
    private SliceOverlays overlays = SliceOverlays.NONE;

    ShownNodules(ObservableValue<ScanSession> scan, DetectionModel detection,
            NoduleListModel list, Runnable marksChanged) {
        this.scan = scan;
        this.detection = detection;
        this.list = list;
        this.marksChanged = marksChanged;
        scan.addListener(x -> refresh());
        detection.lastRunProperty().addListener(x -> refresh());
        list.minProbabilityProperty().addListener(x -> refresh());
    }

    /** Drops a detections file's nodules; for a newly opened scan. */
    void forgetSaved() {
        saved = null;
    }

    /** Shows the nodules of a detections file on {@code session}, until another run or scan. */
    void showSaved(ScanSession session, List<DetectedNodule> found) {
        detection.clearResults();
        saved = new Saved(session, List.copyOf(found));
        refresh();
    }

    /** Every prediction of what is shown, at any probability. */
    List<DetectedNodule> predictions() {
        return predictions;
    }

    /** The marks on {@code slice}. */
    List<OverlayItem> on(int slice) {
        return overlays.on(slice);
    }

    /** A run on another scan is not shown. */
    private void refresh() {
        ScanSession s = scan.getValue();
        DetectionModel.Run run = detection.lastRunProperty().get();
        predictions = null;
        if (s != null && run != null && run.scan().ct() == s.ct()) {
            predictions = run.detections().nodules();
        } else if (s != null && saved != null && saved.scan().ct() == s.ct()) {
            predictions = saved.nodules();
        }
        ReviewAtOperatingPoint review = predictions == null ? null
                : ReviewAtOperatingPoint.of(s, predictions, list.operatingPoint());
        if (review == null) {
            predictions = List.of();
            list.setRows(List.of());
        } else {
            list.setRows(review.review().rows(), review.summary());
        }
        overlays = s == null ? SliceOverlays.NONE
                : SliceOverlays.of(s, Optional.ofNullable(review).map(r -> r.review()));
        marksChanged.run();
    }
}
