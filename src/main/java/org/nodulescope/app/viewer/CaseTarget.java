package org.nodulescope.app.viewer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.nodulescope.volume.WorldPoint;

/**
 * A case of an evaluation to show in the viewer: the scan, the detections file whose marks go
 * on it, and the point to look at.
 *
 * @param scan the scan's {@code .mhd}/{@code .mha} file
 * @param detections its detections file ({@code <seriesuid>.json}), or empty when the
 *     evaluation has none for it (a missed nodule of a scan detect could not read)
 * @param slice the slice to show, or -1 to take it from {@code centre}
 * @param centre the point to centre, world mm
 * @param noduleRank the prediction's rank in the detections file (TP, FP), or -1
 * @param missed whether the case is a missed nodule (FN)
 */
public record CaseTarget(Path scan, Optional<Path> detections, int slice, WorldPoint centre,
        int noduleRank, boolean missed) {

    public CaseTarget {
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(centre, "centre");
    }
}
