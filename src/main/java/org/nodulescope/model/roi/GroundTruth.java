package org.nodulescope.model.roi;

/**
 * One image's training targets on the host. Boxes are xyxy in input-image pixels (pixel edges);
 * masks are binary images of the whole input, one per box.
 *
 * @param boxes G*4 values, row-major (G, 4); G may be 0
 * @param labels G class indices, each >= 1
 * @param height image height H of the masks
 * @param width image width W of the masks
 * @param masks G*H*W values, row-major (G, H, W), true inside the object
 */
public record GroundTruth(float[] boxes, int[] labels, int height, int width, boolean[] masks) {

    public GroundTruth {
        if (boxes.length != 4 * labels.length || masks.length != labels.length * height * width
                || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("GroundTruth needs 4 coordinates and an H*W mask "
                    + "per label, got " + boxes.length + " coordinates, " + masks.length
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
