package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.box.Matcher;

/**
 * torchvision's {@code select_training_samples} for one image, for {@link RoiHeads}: the
 * ground-truth boxes appended to the proposals, each matched to the ground truth of highest IoU
 * (label of the match at or above the foreground threshold, background under the background one,
 * ignored between), a balanced draw, and for the drawn RoIs their regression targets and the
 * auxiliary head's target (1 when the RoI's best IoU with any ground truth reaches its threshold).
 */
final class RoiSampler {

    /**
     * The sampled RoIs of one image with their targets.
     *
     * @param boxes S boxes
     * @param labels class per RoI, 0 for background
     * @param matched index of the matched ground truth (0 for an image without any)
     * @param regression (S, 4) encoded matched boxes, zero for an image without ground truth
     * @param auxTargets 1 or 0 per RoI
     */
    record Samples(Boxes boxes, int[] labels, int[] matched, float[] regression,
            float[] auxTargets) {
        int size() {
            return labels.length;
        }
    }

    private final Matcher matcher;
    private final BoxCoder boxCoder;
    private final double auxIouThreshold;

    /**
     * @param matcher foreground and background thresholds, no low-quality matches
     * @param boxCoder encodes the regression targets
     * @param auxIouThreshold the IoU from which the auxiliary target is 1
     */
    RoiSampler(Matcher matcher, BoxCoder boxCoder, double auxIouThreshold) {
        this.matcher = matcher;
        this.boxCoder = boxCoder;
        this.auxIouThreshold = auxIouThreshold;
    }

    /**
     * @param caller the manager of the training step; nothing is left in it
     * @param proposals (K, 4), no gradient; borrowed and given back
     * @param truth the image's ground truth, appended to the proposals
     * @param sampler draws the positives and negatives
     * @return the sampled RoIs, positives and negatives in proposal order, with their targets
     */
    /**
     * The RoIs the sampler labels, in its order (as torchvision adds the ground truth to the
     * proposals in training, so that every nodule has a positive RoI).
     *
     * @param proposals (K, 4)
     * @param truth the image's ground truth
     * @return (K + G, 4) float32 in the proposals' manager: the proposals, then the truth boxes
     */
    static NDArray candidates(NDArray proposals, GroundTruth truth) {
        NDArray gt = truth.boxes().toNdArray(proposals.getManager());
        return proposals.toType(DataType.FLOAT32, true).concat(gt, 0);
    }

    Samples select(NDManager caller, NDArray proposals, GroundTruth truth,
            BalancedPositiveNegativeSampler sampler) {
        int g = truth.size();
        Boxes props;
        long[] labels;
        long[] matched;
        float[] bestIou;
        try (NDManager m = caller.newSubManager()) {
            // borrowed, so that the copies below are freed with this scope
            proposals.tempAttach(m);
            NDArray all = candidates(proposals, truth);
            NDArray gt = truth.boxes().toNdArray(m);
            props = Boxes.of(all);
            int n = props.size();
            labels = new long[n];
            matched = new long[n];
            bestIou = new float[n];
            if (g > 0) {
                NDArray iou = BoxOps.iou(gt, all);
                long[] matches = matcher.match(iou).toLongArray();
                bestIou = iou.max(new int[] {0}).toFloatArray();
                for (int i = 0; i < n; i++) {
                    matched[i] = Math.max(matches[i], 0);
                    labels[i] = matches[i] == Matcher.BELOW_LOW_THRESHOLD ? 0
                            : matches[i] == Matcher.BETWEEN_THRESHOLDS ? -1
                            : truth.labels()[(int) matches[i]];
                }
            }
            BalancedPositiveNegativeSampler.Sample sample = sampler.sample(m.create(labels));
            boolean[] pos = sample.positive().toBooleanArray();
            boolean[] neg = sample.negative().toBooleanArray();
            List<Integer> picked = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (pos[i] || neg[i]) {
                    picked.add(i);
                }
            }
            int s = picked.size();
            int[] rows = new int[s];
            int[] sampledLabels = new int[s];
            int[] sampledMatched = new int[s];
            float[] aux = new float[s];
            for (int j = 0; j < s; j++) {
                int i = picked.get(j);
                rows[j] = i;
                sampledLabels[j] = (int) labels[i];
                sampledMatched[j] = (int) matched[i];
                aux[j] = g > 0 && bestIou[i] >= auxIouThreshold ? 1f : 0f;
            }
            Boxes boxes = props.select(rows);
            float[] regression = new float[4 * s];
            if (g > 0 && s > 0) {
                Boxes matchedBoxes = truth.boxes().select(sampledMatched);
                regression = boxCoder.encode(matchedBoxes.toNdArray(m), boxes.toNdArray(m))
                        .toFloatArray();
            }
            return new Samples(boxes, sampledLabels, sampledMatched, regression, aux);
        }
    }
}
