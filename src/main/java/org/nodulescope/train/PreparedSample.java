package org.nodulescope.train;

import org.nodulescope.model.roi.GroundTruth;

/**
 * A sample ready for the model: the (possibly augmented) stack on the [0, 1] scale and its
 * targets in the same pixels.
 *
 * @param id the sample's manifest id
 * @param channels C
 * @param height H
 * @param width W
 * @param image C*H*W values, row-major (C, H, W)
 * @param truth boxes and masks of the nodules in the image
 */
public record PreparedSample(String id, int channels, int height, int width, float[] image,
        GroundTruth truth) {
}
