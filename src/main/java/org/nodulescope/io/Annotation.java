package org.nodulescope.io;

import java.util.Objects;
import org.nodulescope.volume.WorldPoint;

/**
 * One row of LUNA16 {@code annotations.csv} or {@code annotations_excluded.csv}: a finding's
 * centre in world millimetres and its diameter in millimetres. In the excluded file a diameter of
 * -1 means "not measured" (the official evaluation then uses 10 mm).
 */
public record Annotation(String seriesUid, WorldPoint centre, double diameterMm) {

    public Annotation {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(centre, "centre");
        if (!Double.isFinite(diameterMm)) {
            throw new IllegalArgumentException("diameter must be finite, got " + diameterMm);
        }
    }

    public double radiusMm() {
        return diameterMm / 2;
    }
}
