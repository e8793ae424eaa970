package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.List;
import org.nodulescope.volume.SliceMask;

/**
 * Pairs the predicted masks of one slice with its ground-truth masks (SPEC §5, paper §3.4.3):
 * the Hungarian algorithm finds the one-to-one assignment of greatest total IoU, and of its pairs
 * only those with IoU of at least {@code minIou} count. Filtering after the assignment, as the
 * paper words it, keeps the pairing independent of the bound.
 *
 * @param minIou the least IoU of a counted pair, in [0, 1]; 0.25 in the paper
 */
public record MaskMatcher(double minIou) {

    public MaskMatcher {
        if (!(minIou >= 0 && minIou <= 1)) {
            throw new IllegalArgumentException("IoU bound must be in [0, 1], got " + minIou);
        }
    }

    /** Pairs with IoU of at least 0.25. */
    public static MaskMatcher paper() {
        return new MaskMatcher(0.25);
    }

    /**
     * The counted pairs, by predicted index.
     *
     * @throws IllegalArgumentException when the masks belong to images of different sizes
     */
    public List<MaskPair> match(List<SliceMask> predicted, List<SliceMask> truth) {
        if (predicted.isEmpty() || truth.isEmpty()) {
            return List.of();
        }
        MaskOverlap[][] overlaps = new MaskOverlap[predicted.size()][truth.size()];
        double[][] iou = new double[predicted.size()][truth.size()];
        for (int p = 0; p < predicted.size(); p++) {
            for (int t = 0; t < truth.size(); t++) {
                overlaps[p][t] = MaskOverlap.of(predicted.get(p), truth.get(t));
                iou[p][t] = overlaps[p][t].iou();
            }
        }
        int[] assigned = HungarianAlgorithm.maximiseGain(iou);
        List<MaskPair> pairs = new ArrayList<>();
        for (int p = 0; p < assigned.length; p++) {
            int t = assigned[p];
            if (t != HungarianAlgorithm.UNASSIGNED && iou[p][t] >= minIou) {
                pairs.add(new MaskPair(p, t, iou[p][t], overlaps[p][t].dice()));
            }
        }
        return List.copyOf(pairs);
    }
}
