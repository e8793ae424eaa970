package org.nodulescope.phantom;

import java.util.List;
import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.Candidate;
import org.nodulescope.volume.Volume;

/**
 * One synthetic chest CT with its ground truth, in LUNA16's terms.
 *
 * @param seriesUid DICOM-valid series instance UID ({@code 2.25.<decimal>}), also used in every
 *     CSV row of this scan
 * @param ct HU as signed 16-bit voxels ({@code VoxelData.Int16}, not unsigned)
 * @param lungLabels LUNA16 mask labels on the same grid as unsigned 8-bit voxels: 3 right lung,
 *     4 left lung, 5 trachea and main bronchi (lumen), 0 elsewhere
 * @param nodules the nodules drawn, one {@code annotations.csv} row each; empty for a
 *     nodule-free scan
 * @param excluded findings for {@code annotations_excluded.csv}
 * @param candidates {@code candidates.csv} rows, classes 1 and 0 mixed in random order
 * @param protocol the drawn acquisition (spacing, noise target, sharpness)
 */
public record PhantomScan(String seriesUid, Volume ct, Volume lungLabels,
        List<PlantedNodule> nodules, List<PlantedFinding> excluded, List<Candidate> candidates,
        ScanProtocol protocol) {

    public PhantomScan {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(ct, "ct");
        Objects.requireNonNull(lungLabels, "lungLabels");
        Objects.requireNonNull(protocol, "protocol");
        nodules = List.copyOf(nodules);
        excluded = List.copyOf(excluded);
        candidates = List.copyOf(candidates);
        if (!ct.sameGridAs(lungLabels, 1e-9)) {
            throw new IllegalArgumentException("CT and lung labels must share one grid");
        }
    }

    /** The rows of {@code annotations.csv} for this scan, one per planted nodule, in order. */
    public List<Annotation> annotations() {
        return nodules.stream().map(n -> n.toAnnotation(seriesUid)).toList();
    }

    /** The rows of {@code annotations_excluded.csv} for this scan. */
    public List<Annotation> excludedAnnotations() {
        return excluded.stream().map(f -> f.toAnnotation(seriesUid)).toList();
    }

    public boolean noduleFree() {
        return nodules.isEmpty();
    }
}
