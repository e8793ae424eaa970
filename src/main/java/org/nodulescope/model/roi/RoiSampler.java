package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.BoxCoder;
import org.nodulescope.model.box.BoxOps;
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
     * @param boxes (S, 4) xyxy, row-major
     * @param labels class per RoI, 0 for background
     * @param matched index of the matched ground truth (0 for an image without any)
     * @param regression (S, 4) encoded matched boxes, zero for an image without ground truth
     * @param auxTargets 1 or 0 per RoI
     */
    record Samples(float[] boxes, int[] labels, int[] matched, float[] regression,
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
     * @param proposals (K, 4) xyxy, no gradient; borrowed and given back
     * @param truth the image's ground truth, appended to the proposals
     * @param sampler draws the positives and negatives
     * @return the sampled RoIs, positives and negatives in proposal order, with their targets
     */
    Samples select(NDManager caller, NDArray proposals, GroundTruth truth,
            BalancedPositiveNegativeSampler sampler) {
        int g = truth.size();
        float[] props;
        long[] labels;
        long[] matched;
        float[] bestIou;
        try (NDManager m = caller.newSubManager()) {
            // borrowed, so that the copies below are freed with this scope
            proposals.tempAttach(m);
            NDArray gt = m.create(truth.boxes(), new Shape(g, 4));
            NDArray all = proposals.toType(DataType.FLOAT32, true).concat(gt, 0);
            props = all.toFloatArray();
            int n = props.length / 4;
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
            float[] boxes = new float[4 * s];
            float[] matchedBoxes = new float[4 * s];
            int[] sampledLabels = new int[s];
            int[] sampledMatched = new int[s];
            float[] aux = new float[s];
            for (int j = 0; j < s; j++) {
                int i = picked.get(j);
                System.arraycopy(props, 4 * i, boxes, 4 * j, 4);
                sampledLabels[j] = (int) labels[i];
                sampledMatched[j] = (int) matched[i];
                if (g > 0) {
                    System.arraycopy(truth.boxes(), 4 * (int) matched[i], matchedBoxes, 4 * j, 4);
                }
                aux[j] = g > 0 && bestIou[i] >= auxIouThreshold ? 1f : 0f;
            }
            float[] regression = new float[4 * s];
            if (g > 0 && s > 0) {
                regression = boxCoder.encode(m.create(matchedBoxes, new Shape(s, 4)),
                        m.create(boxes, new Shape(s, 4))).toFloatArray();
            }
            return new Samples(boxes, sampledLabels, sampledMatched, regression, aux);
        }
    }
}
