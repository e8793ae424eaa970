package org.nodulescope.app.nodules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.NoduleSlice;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.SliceMask;

/**
 * The marks of every slice of a scan, gathered once per scan and result so that a slice change
 * only looks them up: for each predicted nodule its slice detections' boxes and its mask there,
 * the most probable box of the slice labelled "#id TP 0.87" (the others unlabelled); for each annotated nodule its target box, labelled "GT 7.6 mm" (or
 * "FN 7.6 mm" when it was missed).
 */
public final class SliceOverlays {

    /** Nothing anywhere. */
    public static final SliceOverlays NONE = new SliceOverlays(Map.of());

    private final Map<Integer, List<OverlayItem>> bySlice;

    private SliceOverlays(Map<Integer, List<OverlayItem>> bySlice) {
        this.bySlice = bySlice;
    }

    public List<OverlayItem> on(int slice) {
        return bySlice.getOrDefault(slice, List.of());
    }

    /** The ground truth of {@code scan}, and the predictions of {@code review} if any. */
    public static SliceOverlays of(ScanSession scan, Optional<NoduleReview> review) {
        Map<Integer, List<OverlayItem>> out = new HashMap<>();
        review.ifPresent(r -> addPredictions(out, r));
        List<Annotation> annotations = scan.annotations().nodules();
        for (NoduleTargets.Target t : scan.truth().targets()) {
            int index = t.annotationIndex();
            NoduleStatus status = review.map(r -> r.truthStatus().get(index))
                    .orElse(NoduleStatus.UNSCORED);
            if (status == null) {
                status = NoduleStatus.UNSCORED;
            }
            String label = String.format(Locale.ROOT, "%s %.1f mm",
                    status == NoduleStatus.FN ? "FN" : "GT", annotations.get(index).diameterMm());
            int row = review.map(r -> r.truthRows().getOrDefault(index, -1)).orElse(-1);
            out.computeIfAbsent(t.slice(), z -> new ArrayList<>()).add(new OverlayItem(
                    OverlayItem.Kind.TRUTH, t.box(), null, label, status, row));
        }
        return new SliceOverlays(out);
    }

    private static void addPredictions(Map<Integer, List<OverlayItem>> out, NoduleReview r) {
        for (DetectedNodule n : r.nodules()) {
            NoduleStatus status = r.predictionStatus().getOrDefault(n.rank(),
                    NoduleStatus.UNSCORED);
            Map<Integer, SliceMask> masks = new HashMap<>();
            for (NoduleSlice s : n.mask()) {
                masks.put(s.slice(), s.mask());
            }
            Map<Integer, Boolean> labelled = new HashMap<>();
            for (SliceDetection d : n.merged().members()) {
                // members come by slice, then by decreasing probability: the first box of a
                // slice carries the nodule's label and mask, further boxes there only a frame
                boolean first = labelled.putIfAbsent(d.slice(), true) == null;
                String label = !first ? "" : String.format(Locale.ROOT, "#%d %s%.2f", n.rank(),
                        status == NoduleStatus.UNSCORED ? "" : status.name() + " ",
                        d.probability());
                out.computeIfAbsent(d.slice(), z -> new ArrayList<>()).add(new OverlayItem(
                        OverlayItem.Kind.PREDICTION, d.box(), first ? masks.get(d.slice()) : null,
                        label, status, n.rank()));
            }
        }
    }
}
