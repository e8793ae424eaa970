package org.nodulescope.eval;

import java.util.List;
import org.nodulescope.io.CadMark;

/**
 * One scan in the LUNA16 evaluation: what became of its nodules and of each of its marks.
 *
 * @param seriesUid the scan
 * @param nodules its nodules, in annotation order, each with the mark that found it
 * @param falsePositives marks within the radius of no nodule and no excluded finding
 * @param onExcluded marks near an excluded finding only: neither hit nor false positive
 * @param extraHits marks within a nodule's radius that are not the most probable mark of any
 *     nodule: neither hit nor false positive
 * @param marksBeyondLimit marks left out because the scan had more than the limit
 */
public record FrocScanOutcome(String seriesUid, List<NoduleHit> nodules,
        List<CadMark> falsePositives, List<CadMark> onExcluded, List<CadMark> extraHits,
        int marksBeyondLimit) {

    public FrocScanOutcome {
        nodules = List.copyOf(nodules);
        falsePositives = List.copyOf(falsePositives);
        onExcluded = List.copyOf(onExcluded);
        extraHits = List.copyOf(extraHits);
    }

    public int hits() {
        return (int) nodules.stream().filter(NoduleHit::isHit).count();
    }
}
