package org.nodulescope.eval;

import java.util.List;
import java.util.Objects;

/**
 * The paper's protocol on one scan.
 *
 * @param nodules the merged predictions, by decreasing probability
 * @param match their TP/FP outcomes and the nodules' TP/FN outcomes
 * @param maskPairs the counted mask pairs, slice by slice
 */
public record ScanScore(List<MergedNodule> nodules, NoduleMatch match,
        List<SliceMaskPair> maskPairs) {

    /**
     * A counted mask pair on one slice.
     *
     * @param slice the slice
     * @param pair the pair; its indices point into that slice's predicted masks (the detections
     *     with a mask, by decreasing probability) and ground-truth masks (as given)
     */
    public record SliceMaskPair(int slice, MaskPair pair) {}

    public ScanScore {
        nodules = List.copyOf(nodules);
        Objects.requireNonNull(match, "match");
        maskPairs = List.copyOf(maskPairs);
    }

    public DetectionCounts counts() {
        return match.counts();
    }

    public SegmentationScores segmentation() {
        return SegmentationScores.of(maskPairs.stream().map(SliceMaskPair::pair).toList());
    }
}
