package org.nodulescope.model.roi;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.SliceMask;

/**
 * The RoI heads' detections for one image, as host arrays so that they outlive the NDManager
 * scope inference ran in. Boxes are in input-image pixels, clipped to the image; rows are in
 * decreasing class-score
 * order (torchvision's order after batched NMS, and the order in which it keeps at most
 * {@code detectionsPerImage}). SPEC §5 ranks by the fused probability instead:
 * {@link #fusedOrder()} gives that order, {@link #sortedByFusedScore()} the rows in it.
 *
 * @param boxes D boxes
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
 * @param maskThreshold a pasted pixel belongs to the mask when its probability is strictly above
 *     this (the configuration's {@code maskHead.threshold}, 0.5 in torchvision)
 * @param imageHeight height of the image the boxes belong to, pixels
 * @param imageWidth its width
 */
public record Detections(Boxes boxes, int[] labels, float[] scores, int[] proposalIndices,
        float[] auxProbabilities, float[] fusedScores, int maskSize, float[] maskLogits,
        float[] maskProbabilities, float maskThreshold, int imageHeight, int imageWidth) {

    public Detections {
        int d = scores.length;
        int cells = maskSize * maskSize;
        if (boxes.size() != d || labels.length != d || proposalIndices.length != d
                || auxProbabilities.length != d || fusedScores.length != d
                || maskLogits.length != d * cells || maskProbabilities.length != d * cells) {
            throw new IllegalArgumentException("detection arrays disagree on the count " + d);
        }
        if (!(maskThreshold >= 0 && maskThreshold <= 1)) {
            throw new IllegalArgumentException("mask threshold must be in [0, 1], got "
                    + maskThreshold);
        }
    }

    /** @return the number of detections D */
    public int size() {
        return scores.length;
    }

    /**
     * @param k detection index
     * @return its box, pixel edges
     */
    public Box2D box(int k) {
        return new Box2D(boxes.x0(k), boxes.y0(k), boxes.x1(k), boxes.y1(k));
    }

    /**
     * @return detection indices by decreasing fused score; ties keep the class-score order
     */
    public int[] fusedOrder() {
        return IntStream.range(0, size()).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -fusedScores[k]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** @return the same detections with their rows in {@link #fusedOrder()} */
    public Detections sortedByFusedScore() {
        int[] order = fusedOrder();
        int d = order.length;
        int cells = maskSize * maskSize;
        int[] l = new int[d];
        float[] s = new float[d];
        int[] p = new int[d];
        float[] a = new float[d];
        float[] f = new float[d];
        float[] logits = new float[d * cells];
        float[] probabilities = new float[d * cells];
        for (int j = 0; j < d; j++) {
            int k = order[j];
            l[j] = labels[k];
            s[j] = scores[k];
            p[j] = proposalIndices[k];
            a[j] = auxProbabilities[k];
            f[j] = fusedScores[k];
            System.arraycopy(maskLogits, k * cells, logits, j * cells, cells);
            System.arraycopy(maskProbabilities, k * cells, probabilities, j * cells, cells);
        }
        return new Detections(boxes.select(order), l, s, p, a, f, maskSize, logits,
                probabilities, maskThreshold,
                imageHeight, imageWidth);
    }

    /**
     * Detection {@code k}'s mask pasted into its image, thresholded at {@link #maskThreshold}.
     * Allocates a whole frame: prefer {@link #maskCrop}.
     *
     * @param k detection index
     * @return imageHeight*imageWidth booleans, row-major
     */
    public boolean[] pastedMask(int k) {
        return pastedMask(k, imageHeight, imageWidth);
    }

    /**
     * Detection {@code k}'s mask pasted at image resolution, thresholded at
     * {@link #maskThreshold}, as torchvision's {@code paste_masks_in_image} (padding 1) then
     * {@code > threshold} does it.
     *
     * @param k detection index
     * @param height image height in pixels
     * @param width image width in pixels
     * @return height*width booleans, row-major
     */
    public boolean[] pastedMask(int k, int height, int width) {
        return MaskPaster.paste(mask(k), maskSize, boxes, k, height, width, maskThreshold);
    }

    /**
     * Detection {@code k}'s mask as a crop of its image: the pixels the paste covers (its box
     * widened by one mask cell a side, cut to the image), equal to that rectangle of
     * {@link #pastedMask(int)}, which sets nothing outside it.
     *
     * @param k detection index
     * @return the crop on an image of {@code imageWidth x imageHeight}
     */
    public SliceMask maskCrop(int k) {
        return MaskPaster.pasteCrop(mask(k), maskSize, boxes, k, imageHeight, imageWidth,
                maskThreshold);
    }

    private float[] mask(int k) {
        int cells = maskSize * maskSize;
        return Arrays.copyOfRange(maskProbabilities, k * cells, (k + 1) * cells);
    }
}
