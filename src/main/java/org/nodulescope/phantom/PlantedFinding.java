package org.nodulescope.phantom;

import java.util.Objects;
import org.nodulescope.io.Annotation;
import org.nodulescope.volume.WorldPoint;

/**
 * A finding drawn into a synthetic scan that the LUNA16 protocol neither rewards nor penalises:
 * one row of {@code annotations_excluded.csv}.
 *
 * <p>{@code diameterMm} is the drawn diameter, or {@value #NOT_MEASURED} for a
 * {@link Kind#NON_NODULE} mark, as LUNA16 writes marks that radiologists did not measure.
 */
public record PlantedFinding(WorldPoint centre, double diameterMm, Kind kind) {

    /** The diameter LUNA16 writes for a mark that has none. */
    public static final double NOT_MEASURED = -1;

    public enum Kind {
        /** A solid nodule below the 3 mm annotation threshold. */
        SMALL_NODULE,
        /** A small, very dense (calcified) benign nodule. */
        CALCIFIED_GRANULOMA,
        /** A non-nodular opacity (a flat scar-like streak); written with diameter -1. */
        NON_NODULE
    }

    public PlantedFinding {
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.NON_NODULE ? diameterMm != NOT_MEASURED : !(diameterMm > 0)) {
            throw new IllegalArgumentException(
                    "a " + kind + " finding cannot have diameter " + diameterMm);
        }
    }

    /** This finding as a row of {@code annotations_excluded.csv}. */
    public Annotation toAnnotation(String seriesUid) {
        return new Annotation(seriesUid, centre, diameterMm);
    }
}
