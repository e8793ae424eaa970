package org.nodulescope.model.roi;

/**
 * The RoI heads' detections for one image, as host arrays so that they outlive the NDManager
 * scope inference ran in. Boxes are xyxy in input-image pixels (pixel edges: a box (0, 0, 2, 2)
 * covers pixels 0 and 1 of each axis), clipped to the image; rows are in decreasing class-score
 * order (torchvision's order after batched NMS).
 *
 * @param boxes D*4 values, row-major (D, 4)
 * @param labels D class indices, >= 1 (0 is background)
 * @param scores D softmax probabilities of the label
 * @param proposalIndices D rows of the proposal each detection was decoded from
 * @param auxProbabilities D sigmoid outputs of the auxiliary classifier on the detection box's
 *     RoI features; NaN when the model has no auxiliary head
 * @param fusedScores D values {@code w * score + (1 - w) * aux}, w the fusion weight (0.5 means
 *     the mean); equal to the scores without an auxiliary head
 * @param maskSize M, side of the mask probabilities (28)
 * @param maskLogits D*M*M mask logits of each detection's label, row-major (D, M, M), covering
 *     its box
 * @param maskProbabilities their sigmoids
 * @param imageHeight height of the image the boxes belong to, pixels
 * @param imageWidth its width
 */
public record Detections(float[] boxes, int[] labels, float[] scores, int[] proposalIndices,
        float[] auxProbabilities, float[] fusedScores, int maskSize, float[] maskLogits,
        float[] maskProbabilities, int imageHeight, int imageWidth) {

    /** @return the number of detections D */
    public int size() {
        return scores.length;
    }

    /**
     * Detection {@code k}'s mask pasted into its image, thresholded at 0.5.
     *
     * @param k detection index
     * @return imageHeight*imageWidth booleans, row-major
     */
    public boolean[] pastedMask(int k) {
        return pastedMask(k, imageHeight, imageWidth);
    }

    /**
     * Detection {@code k}'s mask pasted at image resolution, thresholded at 0.5, as torchvision's
     * {@code paste_masks_in_image} (padding 1) then {@code > 0.5} does it.
     *
     * @param k detection index
     * @param height image height in pixels
     * @param width image width in pixels
     * @return height*width booleans, row-major
     */
    public boolean[] pastedMask(int k, int height, int width) {
        float[] mask = new float[maskSize * maskSize];
        System.arraycopy(maskProbabilities, k * mask.length, mask, 0, mask.length);
        float[] box = new float[4];
        System.arraycopy(boxes, 4 * k, box, 0, 4);
        return MaskPaster.paste(mask, maskSize, box, height, width, 0.5f);
    }
}
