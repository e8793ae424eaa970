package org.nodulescope.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.box.Nms;
import org.nodulescope.model.config.TopN;
import org.nodulescope.model.rpn.ImageSizes;
import org.nodulescope.model.rpn.RegionProposalNetwork.Predictions;
import org.nodulescope.model.rpn.RegionProposalNetwork.Proposals;

/**
 * torchvision's {@code filter_proposals} on the host, for {@link RegionProposalNetwork}: per image
 * and per level the {@code preNms} highest logits, their boxes decoded and clipped to the image's
 * own size, boxes narrower or lower than the minimum size dropped, then scores under the score
 * threshold, NMS with each level its own group, the first {@code postNms} survivors. A few
 * thousand candidates per image: cheaper on the host than as a chain of small libtorch calls.
 */
final class ProposalFilter {

    private final BoxCoder boxCoder;
    private final float nmsThreshold;
    private final float scoreThreshold;
    private final float minSize;

    /**
     * @param boxCoder decodes the deltas against the anchors
     * @param nmsThreshold IoU above which NMS suppresses a proposal
     * @param scoreThreshold sigmoid score below which a proposal is dropped before NMS
     * @param minSize width and height, pixels, below which a proposal is dropped
     */
    ProposalFilter(BoxCoder boxCoder, float nmsThreshold, float scoreThreshold, float minSize) {
        this.boxCoder = boxCoder;
        this.nmsThreshold = nmsThreshold;
        this.scoreThreshold = scoreThreshold;
        this.minSize = minSize;
    }

    /**
     * Decodes and filters every image's proposals (no gradient).
     *
     * @param caller where the results are made
     * @param p the head's flattened predictions and the anchors
     * @param images the batch's sizes: proposals are clipped to each image's own
     * @param topN how many per level before NMS and per image after it
     * @return per image at most {@code topN.postNms()} proposals, by decreasing score
     */
    List<Proposals> apply(NDManager caller, Predictions p, ImageSizes images, TopN topN) {
        int count = images.count();
        NDArray decoded = boxCoder.decode(p.deltas().stopGradient().reshape(-1, 4),
                repeat(p.anchors(), count));
        Boxes boxes = Boxes.of(decoded);
        float[] logits = p.objectness().stopGradient().toFloatArray();
        int[] perLevel = p.anchorsPerLevel();
        int total = Arrays.stream(perLevel).sum();
        List<Proposals> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(filter(caller, boxes, logits, i * total, perLevel, images.perImage().get(i),
                    topN));
        }
        return result;
    }

    /**
     * torchvision's filter_proposals for one image, on the host.
     *
     * @param boxes decoded boxes of the whole batch, {@code N * T}
     * @param logits objectness of the whole batch, {@code N * T}
     * @param first index of the image's first anchor in both
     */
    private Proposals filter(NDManager manager, Boxes boxes, float[] logits, int first,
            int[] perLevel, int[] imageSize, TopN topN) {
        List<Integer> candidates = new ArrayList<>();
        List<Integer> candidateLevels = new ArrayList<>();
        int offset = first;
        for (int l = 0; l < perLevel.length; l++) {
            int[] top = topIndices(logits, offset, perLevel[l], topN.preNms());
            for (int a : top) {
                candidates.add(a);
                candidateLevels.add(l);
            }
            offset += perLevel[l];
        }
        float height = imageSize[0];
        float width = imageSize[1];
        float[] kept = new float[4 * candidates.size()];
        float[] scores = new float[candidates.size()];
        long[] groups = new long[candidates.size()];
        int count = 0;
        for (int c = 0; c < candidates.size(); c++) {
            int a = candidates.get(c);
            float x1 = clamp(boxes.x0(a), width);
            float y1 = clamp(boxes.y0(a), height);
            float x2 = clamp(boxes.x1(a), width);
            float y2 = clamp(boxes.y1(a), height);
            // torch compares a float32 tensor with the scalar in float32
            if (!(x2 - x1 >= minSize && y2 - y1 >= minSize)) {
                continue;
            }
            float score = (float) (1.0 / (1.0 + Math.exp(-(double) logits[a])));
            if (!(score >= scoreThreshold)) {
                continue;
            }
            kept[4 * count] = x1;
            kept[4 * count + 1] = y1;
            kept[4 * count + 2] = x2;
            kept[4 * count + 3] = y2;
            scores[count] = score;
            groups[count] = candidateLevels.get(c);
            count++;
        }
        Boxes clipped = Boxes.of(Arrays.copyOf(kept, 4 * count));
        scores = Arrays.copyOf(scores, count);
        groups = Arrays.copyOf(groups, count);
        int[] survivors = Nms.batchedNms(clipped, scores, groups, nmsThreshold);
        int[] best = Arrays.copyOf(survivors, Math.min(survivors.length, topN.postNms()));
        float[] outScores = new float[best.length];
        for (int k = 0; k < best.length; k++) {
            outScores[k] = scores[best[k]];
        }
        return new Proposals(clipped.select(best).toNdArray(manager),
                manager.create(outScores, new Shape(best.length)));
    }

    /**
     * Indices of the {@code k} largest of {@code values[from, from + length)}, by decreasing
     * value, equal values in index order. Each is sorted as one long, an order-preserving int of
     * the negated value above the index, which avoids boxing the hundred thousand indices of the
     * finest level.
     */
    static int[] topIndices(float[] values, int from, int length, int k) {
        long[] keys = new long[length];
        for (int i = 0; i < length; i++) {
            // + 0f turns -0 into +0: torch ranks them equal, so they must tie here too
            int bits = Float.floatToIntBits(values[from + i] + 0f);
            // flip the magnitude bits of negatives so that signed int order is float order
            int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
            keys[i] = ((long) ~ordered << 32) | i;
        }
        Arrays.sort(keys);
        int[] top = new int[Math.min(k, length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = from + (int) (keys[i] & 0xFFFFFFFFL);
        }
        return top;
    }

    private static float clamp(float value, float max) {
        return Math.min(Math.max(value, 0f), max);
    }

    private static NDArray repeat(NDArray anchors, int times) {
        NDList copies = new NDList(times);
        for (int i = 0; i < times; i++) {
            copies.add(anchors);
        }
        return times == 1 ? anchors : NDArrays.concat(copies, 0);
    }
}
