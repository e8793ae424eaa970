package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's rule for a true positive (SPEC §5, paper §3.4.3): a merged prediction finds a
 * ground-truth nodule when their centre slices differ by at most {@code sliceTolerance} AND the
 * prediction's box has an IoU strictly greater than {@code minIou} with the nodule's box.
 *
 * <p>Matching is one-to-one and greedy by confidence, as detection benchmarks score: predictions
 * are visited by decreasing probability, and each takes, among the still unmatched nodules it
 * qualifies for, the one of highest IoU (ties: the nearer centre slice, then the earlier nodule).
 * A prediction with nothing left to take is a false positive, so a second prediction of an
 * already found nodule counts against precision, and a prediction lying between two nodules finds
 * only one of them.
 *
 * @param sliceTolerance the largest centre-slice difference of a TP, at least 0; 3 in the paper
 * @param minIou box IoU must be greater than this; 0.2 in the paper
 */
public record NoduleMatcher(int sliceTolerance, double minIou) {

    public NoduleMatcher {
        if (sliceTolerance < 0) {
            throw new IllegalArgumentException(
                    "slice tolerance must be at least 0, got " + sliceTolerance);
        }
        if (!(minIou >= 0 && minIou < 1)) {
            throw new IllegalArgumentException("IoU bound must be in [0, 1), got " + minIou);
        }
    }

    /** Within 3 slices and IoU above 0.2. */
    public static NoduleMatcher paper() {
        return new NoduleMatcher(3, 0.2);
    }

    /** Whether the prediction would be a TP for this nodule if the nodule were still free. */
    public boolean qualifies(MergedNodule prediction, TruthNodule truth) {
        return Math.abs(prediction.centreSlice() - truth.centreSlice()) <= sliceTolerance
                && prediction.box().iou(truth.box()) > minIou;
    }

    /** Matches one scan's predictions with its ground-truth nodules. */
    public NoduleMatch match(List<MergedNodule> predictions, List<TruthNodule> truths) {
        List<MergedNodule> byProbability = new ArrayList<>(predictions);
        byProbability.sort(NoduleMerger.BY_PROBABILITY);
        MergedNodule[] foundBy = new MergedNodule[truths.size()];
        List<PredictionOutcome> outcomes = new ArrayList<>(byProbability.size());
        for (MergedNodule p : byProbability) {
            int best = -1;
            double bestIou = 0;
            for (int t = 0; t < truths.size(); t++) {
                TruthNodule truth = truths.get(t);
                if (foundBy[t] != null || !qualifies(p, truth)) {
                    continue;
                }
                double iou = p.box().iou(truth.box());
                if (best < 0 || iou > bestIou || (iou == bestIou
                        && sliceGap(p, truth) < sliceGap(p, truths.get(best)))) {
                    best = t;
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                foundBy[best] = p;
                outcomes.add(new PredictionOutcome(p, truths.get(best), bestIou));
            } else {
                outcomes.add(new PredictionOutcome(p, null, 0));
            }
        }
        List<TruthOutcome> truthOutcomes = new ArrayList<>(truths.size());
        for (int t = 0; t < truths.size(); t++) {
            truthOutcomes.add(new TruthOutcome(truths.get(t), foundBy[t]));
        }
        return new NoduleMatch(outcomes, truthOutcomes);
    }

    private static int sliceGap(MergedNodule p, TruthNodule t) {
        return Math.abs(p.centreSlice() - t.centreSlice());
    }
}
