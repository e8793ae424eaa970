package org.nodulescope.detect;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.DetectionCounts;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.PaperProtocol;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.SavedNodule;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanScore;
import org.nodulescope.eval.SegmentationScores;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.TruthOutcome;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.SliceMask;

/**
 * The paper's protocol on one scan of a detections folder. The ground truth is made the way
 * training makes its targets ({@link NoduleTargets}: a disc of the annotated diameter on every
 * slice the nodule touches, on the grid the detections file records), so that evaluate scores
 * exactly what the model was taught to find; the nodules merged by detect are matched as saved.
 */
final class DetectionsScorer {

    /** One scan's counts, mask pairs, case rows and anything worth telling the user. */
    record Scored(DetectionCounts counts, SegmentationScores segmentation, List<CaseRow> cases,
            List<String> notes) {}

    private final PaperProtocol protocol;

    DetectionsScorer(PaperProtocol protocol) {
        this.protocol = protocol;
    }

    Scored score(SavedScanDetections saved, List<Annotation> nodules) {
        String uid = saved.seriesUid();
        List<String> notes = new ArrayList<>();
        if (saved.problem() != null) {
            notes.add(uid + ": detect found nothing to look at (" + saved.problem()
                    + "); its nodules count as missed.");
        }
        NoduleTargets.Result targets = NoduleTargets.compute(saved.grid(), saved.geometry(),
                nodules);
        for (int i = 0; i < nodules.size(); i++) {
            if (targets.centreSlices().get(i) < 0) {
                notes.add(uid + ": annotation " + i + " (" + nodules.get(i).diameterMm()
                        + " mm) lies outside the scan or between its slices; it is left out of"
                        + " the paper's protocol.");
            }
        }
        List<TruthNodule> truths = TruthNodules.of(targets, nodules);
        Map<Integer, List<SliceMask>> masks = new TreeMap<>();
        for (NoduleTargets.Target t : targets.targets()) {
            masks.computeIfAbsent(t.slice(), s -> new ArrayList<>()).add(t.mask());
        }
        List<MergedNodule> merged = saved.mergedNodules();
        Map<MergedNodule, SavedNodule> savedOf = new IdentityHashMap<>();
        for (int i = 0; i < merged.size(); i++) {
            savedOf.put(merged.get(i), saved.nodules().get(i));
        }
        ScanScore score = protocol.scoreNodules(merged, saved.sliceDetections(), truths, masks);

        List<CaseRow> cases = new ArrayList<>();
        for (PredictionOutcome p : score.match().predictions()) {
            SavedNodule n = savedOf.get(p.prediction());
            boolean tp = p.status() == MatchStatus.TP;
            Annotation a = tp ? nodules.get(p.truth().id()) : null;
            cases.add(new CaseRow(uid, p.status(), n.probability(), n.centreWorld(),
                    n.centreSlice(), n.firstSlice(), n.lastSlice(),
                    tp ? a.diameterMm() : Double.NaN, n.measurements().equivalentDiameterMm(),
                    n.rank(), tp ? p.truth().id() : -1, tp ? p.iou() : Double.NaN));
        }
        for (TruthOutcome t : score.match().truths()) {
            if (t.status() == MatchStatus.FN) {
                cases.add(missed(uid, nodules.get(t.truth().id()), t.truth().id(),
                        t.truth().centreSlice()));
            }
        }
        return new Scored(score.counts(), score.segmentation(), cases, notes);
    }

    /** A listed scan without a detections file: every nodule missed, where unknown. */
    static Scored withoutDetections(String uid, List<Annotation> nodules) {
        List<CaseRow> cases = new ArrayList<>();
        for (int i = 0; i < nodules.size(); i++) {
            cases.add(missed(uid, nodules.get(i), i, -1));
        }
        return new Scored(new DetectionCounts(0, 0, nodules.size()), SegmentationScores.NONE,
                cases, List.of());
    }

    private static CaseRow missed(String uid, Annotation a, int index, int slice) {
        return new CaseRow(uid, MatchStatus.FN, Double.NaN, a.centre(), slice, -1, -1,
                a.diameterMm(), Double.NaN, -1, index, Double.NaN);
    }
}
