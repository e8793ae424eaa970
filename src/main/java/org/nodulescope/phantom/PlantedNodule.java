package org.nodulescope.phantom;

import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.volume.WorldPoint;

/**
 * A nodule drawn into a synthetic scan: the ground truth of one {@code annotations.csv} row.
 *
 * <p>{@code centre} is the nodule's centre of symmetry in world millimetres, which is also its
 * centroid; {@code diameterMm} is its volume-equivalent diameter: the drawn shape, lobulated or
 * not, has exactly the volume of a sphere of this diameter.
 */
public record PlantedNodule(WorldPoint centre, double diameterMm, Kind kind, Attachment attachment) {

    /** Radiological density class. */
    public enum Kind {
        /** Soft-tissue density throughout (about +20..+60 HU). */
        SOLID,
        /** A ground-glass halo around a solid core of 30-60 % of the diameter. */
        PART_SOLID,
        /** Faint, textured haze (about -750..-500 HU) through which vessels stay visible. */
        GROUND_GLASS
    }

    /** What the nodule touches. */
    public enum Attachment {
        /** Surrounded by lung parenchyma. */
        NONE,
        /** Touches the pleura (chest wall, mediastinum or diaphragm). */
        JUXTAPLEURAL,
        /** Touches a vessel of 1-4 mm radius. */
        JUXTAVASCULAR
    }

    public PlantedNodule {
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(attachment, "attachment");
        if (!(diameterMm > 0) || !Double.isFinite(diameterMm)) {
            throw new IllegalArgumentException("nodule diameter must be positive, got " + diameterMm);
        }
    }

    public double radiusMm() {
        return diameterMm / 2;
    }

    /** This nodule as a row of {@code annotations.csv}. */
    public Annotation toAnnotation(String seriesUid) {
        return new Annotation(seriesUid, centre, diameterMm);
    }
}
