package org.nodulescope.eval;

import java.util.Objects;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * One detection on one axial slice of a scan.
 *
 * @param slice the slice index z of the scan (the 2.5D stack's centre slice)
 * @param box xyxy in the slice's pixels, pixel edges ({@link Box2D}'s convention)
 * @param probability the score that ranks detections: the fused probability when the model has
 *     an auxiliary head, else the class score; in [0, 1]
 * @param mask the thresholded mask as a crop of the slice, or null when the model gave none
 */
public record SliceDetection(int slice, Box2D box, double probability, SliceMask mask) {

    public SliceDetection {
        Objects.requireNonNull(box, "box");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got "
                    + probability);
        }
    }
}
