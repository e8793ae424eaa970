package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.nodulescope.volume.SliceMask;

/**
 * The paper's whole scoring of one scan in one call, for training's validation and for
 * {@code evaluate}: dynamic score threshold per slice, merging into 3D nodules, TP/FP/FN
 * matching against the ground-truth nodules, and Hungarian-matched masks on every slice that has
 * ground-truth masks.
 *
 * @param threshold the per-slice score threshold
 * @param merger joins slice detections into nodules
 * @param matcher decides TP/FP/FN
 * @param maskMatcher pairs masks for Dice and IoU
 */
public record PaperProtocol(ScoreThreshold threshold, NoduleMerger merger, NoduleMatcher matcher,
        MaskMatcher maskMatcher) {

    public PaperProtocol {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(merger, "merger");
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(maskMatcher, "maskMatcher");
    }

    /** Every rule with SPEC §5's numbers. */
    public static PaperProtocol paper() {
        return new PaperProtocol(ScoreThreshold.paper(), NoduleMerger.paper(),
                NoduleMatcher.paper(), MaskMatcher.paper());
    }

    /**
     * Scores the raw detections of one scan (as the model gave them): thresholds each slice,
     * then {@link #scoreThresholded}.
     */
    public ScanScore score(List<SliceDetection> raw, List<TruthNodule> truths,
            Map<Integer, List<SliceMask>> truthMasksBySlice) {
        return scoreThresholded(threshold.applyPerSlice(raw), truths, truthMasksBySlice);
    }

    /**
     * Scores detections that already passed the threshold (as {@code detect} writes them; the
     * threshold is not applied twice, since the percentile of the survivors would cut again).
     *
     * @param kept the thresholded detections of one scan
     * @param truths the scan's ground-truth nodules
     * @param truthMasksBySlice ground-truth masks per slice; slices left out have no
     *     ground truth, and predicted masks there are not scored
     */
    public ScanScore scoreThresholded(List<SliceDetection> kept, List<TruthNodule> truths,
            Map<Integer, List<SliceMask>> truthMasksBySlice) {
        return scoreNodules(merger.merge(kept), kept, truths, truthMasksBySlice);
    }

    /**
     * Scores nodules that were already merged (as a detections file holds them, merged by the
     * options of the run that wrote it) with the thresholded detections they came from.
     *
     * @param nodules the scan's merged nodules
     * @param kept the thresholded detections of the scan, whose masks are scored
     * @param truths the scan's ground-truth nodules
     * @param truthMasksBySlice ground-truth masks per slice, as for {@link #scoreThresholded}
     */
    public ScanScore scoreNodules(List<MergedNodule> nodules, List<SliceDetection> kept,
            List<TruthNodule> truths, Map<Integer, List<SliceMask>> truthMasksBySlice) {
        NoduleMatch match = matcher.match(nodules, truths);
        List<SliceDetection> ordered = new ArrayList<>(kept);
        ordered.sort(DetectionOrder.BY_SLICE_THEN_PROBABILITY);
        Map<Integer, List<SliceMask>> predictedBySlice = new TreeMap<>();
        for (SliceDetection d : ordered) {
            if (d.mask() != null) {
                predictedBySlice.computeIfAbsent(d.slice(), s -> new ArrayList<>()).add(d.mask());
            }
        }
        List<ScanScore.SliceMaskPair> pairs = new ArrayList<>();
        for (Map.Entry<Integer, List<SliceMask>> e : new TreeMap<>(truthMasksBySlice).entrySet()) {
            List<SliceMask> predicted = predictedBySlice.getOrDefault(e.getKey(), List.of());
            for (MaskPair p : maskMatcher.match(predicted, e.getValue())) {
                pairs.add(new ScanScore.SliceMaskPair(e.getKey(), p));
            }
        }
        List<MergedNodule> byProbability = new ArrayList<>(nodules);
        byProbability.sort(NoduleMerger.BY_PROBABILITY);
        return new ScanScore(byProbability, match, pairs);
    }
}
