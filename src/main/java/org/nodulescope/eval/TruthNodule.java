package org.nodulescope.eval;

import java.util.Objects;
import org.nodulescope.volume.Box2D;

/**
 * A ground-truth nodule on a scan's voxel grid, for the paper's protocol.
 *
 * @param id index of the annotation in its scan's list (stable across reports)
 * @param centreSlice the slice nearest the annotated centre that the nodule touches
 * @param box its target box on that slice (pixel edges)
 * @param diameterMm the annotated diameter
 */
public record TruthNodule(int id, int centreSlice, Box2D box, double diameterMm) {

    public TruthNodule {
        Objects.requireNonNull(box, "box");
    }
}
