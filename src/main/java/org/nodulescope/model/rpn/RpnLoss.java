package org.nodulescope.model.rpn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.box.Matcher;
import org.nodulescope.model.loss.DetectionLosses;
import org.nodulescope.model.nd.GraphSafe;

/**
 * torchvision's {@code assign_targets_to_anchors} and {@code compute_loss} for the
 * {@link RegionProposalNetwork}, whose class comment states the rule: anchors matched to the
 * ground truth, a balanced draw per image, objectness BCE over the drawn anchors and smooth-L1
 * of the positives' deltas over the whole batch.
 */
final class RpnLoss {

    private final BoxCoder boxCoder;
    private final Matcher matcher;
    private final BalancedPositiveNegativeSampler sampler;

    /**
     * @param boxCoder encodes the matched boxes against their anchors
     * @param matcher anchor-to-ground-truth matching (0.7 / 0.3, low-quality matches kept)
     * @param sampler the per-image draw; its random source advances with every call
     */
    RpnLoss(BoxCoder boxCoder, Matcher matcher, BalancedPositiveNegativeSampler sampler) {
        this.boxCoder = boxCoder;
        this.matcher = matcher;
        this.sampler = sampler;
    }

    /**
     * @param scope where every array but the two losses is made
     * @param p the head's flattened predictions of the batch
     * @param images the batch's sizes
     * @param groundTruth per image the boxes (G, 4), G may be 0
     * @return {@code loss_objectness} and {@code loss_rpn_box_reg}, in that order
     */
    Map<String, NDArray> compute(NDManager scope, RegionProposalNetwork.Predictions p,
            ImageSizes images, List<NDArray> groundTruth) {
        int total = Arrays.stream(p.anchorsPerLevel()).sum();
        float[] labels = new float[images.count() * total];
        NDList targets = new NDList(images.count());
        List<Long> positives = new ArrayList<>();
        List<Long> sampled = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            NDArray gt = groundTruth.get(i).toType(DataType.FLOAT32, false);
            long[] matched = assign(gt, p.anchors());
            long[] imageLabels = new long[total];
            long[] rows = new long[total];
            for (int a = 0; a < total; a++) {
                imageLabels[a] = matched[a] >= 0 ? 1
                        : matched[a] == Matcher.BELOW_LOW_THRESHOLD ? 0 : -1;
                labels[i * total + a] = imageLabels[a];
                rows[a] = Math.max(matched[a], 0);
            }
            NDArray matchedBoxes = gt.getShape().get(0) == 0
                    ? scope.zeros(new Shape(total, 4))
                    : gt.get(scope.create(rows));
            targets.add(boxCoder.encode(matchedBoxes, p.anchors()));
            BalancedPositiveNegativeSampler.Sample sample = sampler.sample(
                    scope.create(imageLabels));
            boolean[] pos = sample.positive().toBooleanArray();
            boolean[] neg = sample.negative().toBooleanArray();
            for (int a = 0; a < total; a++) {
                if (pos[a]) {
                    positives.add((long) i * total + a);
                    sampled.add((long) i * total + a);
                }
            }
            for (int a = 0; a < total; a++) {
                if (neg[a]) {
                    sampled.add((long) i * total + a);
                }
            }
        }
        // backward gathers by these indices after the scope is closed: libtorch's own copies
        NDArray sampledIndex = GraphSafe.owned(scope.create(sampled.stream()
                .mapToLong(Long::longValue).toArray()));
        NDArray positiveIndex = GraphSafe.owned(scope.create(positives.stream()
                .mapToLong(Long::longValue).toArray()));
        NDArray logits = p.objectness().reshape(-1).get(sampledIndex);
        NDArray wanted = scope.create(labels).get(sampledIndex);
        NDArray objectness = DetectionLosses.binaryCrossEntropyWithLogits(logits, wanted);
        NDArray difference = p.deltas().reshape(-1, 4).get(positiveIndex)
                .sub(NDArrays.concat(targets, 0).get(positiveIndex));
        NDArray boxReg = DetectionLosses.smoothL1(difference, sampled.size());
        Map<String, NDArray> losses = new LinkedHashMap<>();
        losses.put(RegionProposalNetwork.LOSS_OBJECTNESS, objectness);
        losses.put(RegionProposalNetwork.LOSS_BOX_REG, boxReg);
        return losses;
    }

    /**
     * Matched ground-truth index per anchor, or a {@link Matcher} sentinel; all background when
     * there is no ground truth.
     */
    private long[] assign(NDArray groundTruth, NDArray anchors) {
        int total = Math.toIntExact(anchors.getShape().get(0));
        if (groundTruth.getShape().get(0) == 0) {
            long[] background = new long[total];
            Arrays.fill(background, Matcher.BELOW_LOW_THRESHOLD);
            return background;
        }
        return matcher.match(BoxOps.iou(groundTruth, anchors)).toLongArray();
    }
}
