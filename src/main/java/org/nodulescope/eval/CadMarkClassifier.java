package org.nodulescope.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;
import org.nodulescope.volume.WorldPoint;

/**
 * The LUNA16 rules for one scan's marks, as the challenge's evaluation script applies them.
 *
 * <ul>
 *   <li>Only the {@code maxMarksPerScan} most probable marks count (ties at the cut: the marks
 *       listed first in the submission stay).
 *   <li>A mark hits a nodule when its squared world distance to the nodule's centre is strictly
 *       less than the squared radius ({@code dist < r}, the script's {@code dist < radiusSquared}
 *       on squared distances): a mark exactly on the sphere's surface misses.
 *   <li>A nodule hit by several marks keeps the highest probability among them; the other marks
 *       that hit it are ignored, neither hit nor false positive. A mark within the radius of two
 *       nodules counts for both, as in the script.
 *   <li>A mark that hits no nodule but lies within the radius of an excluded finding is ignored;
 *       an excluded finding with a negative diameter (-1) counts as {@code unmeasuredDiameterMm}.
 *   <li>Every other mark is a false positive.
 * </ul>
 */
final class CadMarkClassifier {

    private final FrocOptions options;

    CadMarkClassifier(FrocOptions options) {
        this.options = options;
    }

    /** Sorted by decreasing probability; a stable sort keeps file order among ties. */
    private static final Comparator<CadMark> MOST_PROBABLE_FIRST =
            Comparator.comparingDouble(CadMark::probability).reversed();

    FrocScanOutcome classify(String seriesUid, List<CadMark> marks, List<Annotation> nodules,
            List<Annotation> excluded) {
        List<CadMark> ranked = new ArrayList<>(marks);
        ranked.sort(MOST_PROBABLE_FIRST);
        int beyond = Math.max(0, ranked.size() - options.maxMarksPerScan());
        List<CadMark> counted = ranked.subList(0, ranked.size() - beyond);

        // identity, not equality: a submission may list the same row twice
        Set<CadMark> hitsANodule = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<CadMark> best = Collections.newSetFromMap(new IdentityHashMap<>());
        List<NoduleHit> hits = new ArrayList<>(nodules.size());
        for (Annotation nodule : nodules) {
            CadMark top = null;
            for (CadMark m : counted) {
                if (within(m.centre(), nodule.centre(), nodule.diameterMm())) {
                    hitsANodule.add(m);
                    // counted is most probable first, so the first hit is the best
                    if (top == null) {
                        top = m;
                    }
                }
            }
            if (top != null) {
                best.add(top);
            }
            hits.add(new NoduleHit(nodule, top));
        }
        List<CadMark> falsePositives = new ArrayList<>();
        List<CadMark> onExcluded = new ArrayList<>();
        List<CadMark> extra = new ArrayList<>();
        for (CadMark m : counted) {
            if (hitsANodule.contains(m)) {
                if (!best.contains(m)) {
                    extra.add(m);
                }
            } else if (nearExcluded(m, excluded)) {
                onExcluded.add(m);
            } else {
                falsePositives.add(m);
            }
        }
        return new FrocScanOutcome(seriesUid, hits, falsePositives, onExcluded, extra, beyond);
    }

    private boolean nearExcluded(CadMark m, List<Annotation> excluded) {
        for (Annotation e : excluded) {
            double d = e.diameterMm() < 0 ? options.unmeasuredDiameterMm() : e.diameterMm();
            if (within(m.centre(), e.centre(), d)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(WorldPoint mark, WorldPoint centre, double diameterMm) {
        double dx = mark.x() - centre.x();
        double dy = mark.y() - centre.y();
        double dz = mark.z() - centre.z();
        double r = diameterMm / 2;
        return dx * dx + dy * dy + dz * dz < r * r;
    }
}
