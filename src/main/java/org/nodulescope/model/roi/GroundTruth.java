package org.nodulescope.model.roi;

import org.nodulescope.model.box.Boxes;

/**
 * One image's training targets on the host: boxes in input-image pixels, and binary masks of the
 * whole input, one per box.
 *
 * @param boxes G boxes; G may be 0
 * @param labels G class indices, each >= 1
 * @param height image height H of the masks
 * @param width image width W of the masks
 * @param masks G*H*W values, row-major (G, H, W), true inside the object
 */
public record GroundTruth(Boxes boxes, int[] labels, int height, int width, boolean[] masks) {

    public GroundTruth {
        if (boxes.size() != labels.length || masks.length != labels.length * height * width
                || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("GroundTruth needs a box and an H*W mask "
                    + "per label, got " + boxes.size() + " boxes, " + masks.length
                    + " mask values for " + labels.length + " labels at " + height + " x "
                    + width);
        }
        for (int label : labels) {
            if (label < 1) {
                throw new IllegalArgumentException("GroundTruth labels must be >= 1 (0 is "
                        + "background), got " + label);
            }
        }
    }

    /** @return the number of objects G */
    public int size() {
        return labels.length;
    }
}
