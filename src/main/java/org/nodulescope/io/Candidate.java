package org.nodulescope.io;

import java.util.Objects;
import org.nodulescope.volume.WorldPoint;

/**
 * One row of LUNA16 {@code candidates.csv}: a candidate location in world millimetres and its
 * class ({@link #NODULE} or {@link #NON_NODULE}).
 */
public record Candidate(String seriesUid, WorldPoint centre, int label) {

    public static final int NON_NODULE = 0;
    public static final int NODULE = 1;

    public Candidate {
        Objects.requireNonNull(seriesUid, "seriesUid");
        Objects.requireNonNull(centre, "centre");
        if (label != NON_NODULE && label != NODULE) {
            throw new IllegalArgumentException("candidate class must be 0 or 1, got " + label);
        }
    }
}
