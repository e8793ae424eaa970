package org.nodulescope.app.nodules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.TruthNodules;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMatch;
import org.nodulescope.eval.NoduleType;
import org.nodulescope.eval.NoduleMatcher;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.TruthOutcome;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * A detection run read against the scan's ground truth with the paper's protocol
 * ({@link NoduleMatcher}): every predicted nodule TP or FP, every annotated nodule TP or FN, and
 * the rows of the nodule list. Without ground truth the predictions are unscored and there are
 * no FN rows.
 *
 * @param nodules the run's nodules, fresh or read back from a detections file
 * @param rows predictions by decreasing probability (ids 1, 2, ...), then the missed nodules
 * @param predictionStatus verdict per prediction rank
 * @param truthStatus verdict per annotation index, for the annotations the protocol could see
 * @param truthRows row id per missed annotation index
 */
public record NoduleReview(List<DetectedNodule> nodules, List<NoduleRow> rows,
        Map<Integer, NoduleStatus> predictionStatus, Map<Integer, NoduleStatus> truthStatus,
        Map<Integer, Integer> truthRows) {

    public NoduleReview {
        nodules = List.copyOf(nodules);
        rows = List.copyOf(rows);
        predictionStatus = Map.copyOf(predictionStatus);
        truthStatus = Map.copyOf(truthStatus);
        truthRows = Map.copyOf(truthRows);
    }

    /** The protocol of the paper on {@code detections}, with {@code scan}'s ground truth. */
    public static NoduleReview of(ScanSession scan, ScanDetections detections) {
        return of(scan, detections.nodules());
    }

    /** The protocol of the paper on {@code nodules}, with {@code scan}'s ground truth. */
    public static NoduleReview of(ScanSession scan, List<DetectedNodule> nodules) {
        Map<MergedNodule, Integer> rankOf = new IdentityHashMap<>();
        nodules.forEach(n -> rankOf.put(n.merged(), n.rank()));
        Map<Integer, NoduleStatus> predictionStatus = new HashMap<>();
        Map<Integer, NoduleStatus> truthStatus = new HashMap<>();
        Map<Integer, Integer> truthRows = new HashMap<>();
        List<NoduleRow> rows = new ArrayList<>();
        List<TruthOutcome> missed = new ArrayList<>();
        if (scan.annotations().known()) {
            List<TruthNodule> truths = TruthNodules.of(scan.truth(), scan.annotations().nodules());
            NoduleMatch match = NoduleMatcher.paper().match(
                    nodules.stream().map(DetectedNodule::merged).toList(), truths);
            for (PredictionOutcome p : match.predictions()) {
                predictionStatus.put(rankOf.get(p.prediction()),
                        NoduleStatus.valueOf(p.status().name()));
            }
            for (TruthOutcome t : match.truths()) {
                truthStatus.put(t.truth().id(), NoduleStatus.valueOf(t.status().name()));
                if (t.prediction() == null) {
                    missed.add(t);
                }
            }
        }
        for (DetectedNodule n : nodules) {
            rows.add(predictionRow(n, predictionStatus.getOrDefault(n.rank(),
                    NoduleStatus.UNSCORED)));
        }
        int id = nodules.size();
        for (TruthOutcome t : missed) {
            id++;
            truthRows.put(t.truth().id(), id);
            rows.add(missedRow(id, scan, t.truth()));
        }
        return new NoduleReview(nodules, rows, predictionStatus, truthStatus, truthRows);
    }

    private static NoduleRow predictionRow(DetectedNodule n, NoduleStatus status) {
        VoxelPoint c = n.centreVoxel();
        return new NoduleRow(n.rank(), status, OptionalDouble.of(n.probability()),
                n.centreWorld(), n.firstSlice(), n.lastSlice(), n.largestSlice(), c.x() + 0.5,
                c.y() + 0.5, OptionalDouble.of(n.axes().longAxisMm()),
                OptionalDouble.of(n.volumeMm3()), typeName(n.hu().type()));
    }

    private static NoduleRow missedRow(int id, ScanSession scan, TruthNodule truth) {
        Annotation a = scan.annotations().nodules().get(truth.id());
        int first = truth.centreSlice();
        int last = truth.centreSlice();
        for (NoduleTargets.Target t : scan.truth().targets()) {
            if (t.annotationIndex() == truth.id()) {
                first = Math.min(first, t.slice());
                last = Math.max(last, t.slice());
            }
        }
        WorldPoint centre = a.centre();
        VoxelPoint v = scan.ct().geometry().toVoxel(centre);
        return new NoduleRow(id, NoduleStatus.FN, OptionalDouble.empty(), centre, first, last,
                truth.centreSlice(), v.x() + 0.5, v.y() + 0.5, OptionalDouble.of(a.diameterMm()),
                OptionalDouble.empty(), "");
    }

    /** "solid", "part-solid", "ground-glass". */
    static String typeName(NoduleType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
