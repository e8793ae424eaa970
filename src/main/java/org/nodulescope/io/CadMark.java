package org.nodulescope.io;

import java.util.Objects;
import org.nodulescope.volume.WorldPoint;

/**
 * One row of a LUNA16 submission ({@code seriesuid,coordX,coordY,coordZ,probability}): a detected
 * nodule position in world millimetres and the detector's confidence.
 */
public record CadMark(String seriesUid, WorldPoint centre, double probability) {

    public CadMark {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(centre, "centre");
        if (!Double.isFinite(probability)) {
            throw new IllegalArgumentException("probability must be finite, got " + probability);
        }
    }
}
