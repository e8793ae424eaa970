package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.nodulescope.model.backbone.IndexedSequence;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.loss.DetectionLosses;
import org.nodulescope.model.nd.GraphSafe;

/**
 * The mask path of {@link RoiHeads}, torchvision's {@code mask_roi_pool}, {@code mask_head} and
 * {@code mask_predictor} in their two uses: logits for the final boxes at inference, and
 * {@code maskrcnn_loss} on the sampled positives in training. The blocks stay children of
 * {@link RoiHeads}, which owns their parameters and names; this class only runs them.
 */
final class MaskBranch {

    /** RoIs the mask head runs at once at inference (see {@link #logits}). */
    static final int MASK_CHUNK = 25;

    private final MultiScaleRoiAlign pool;
    private final IndexedSequence head;
    private final MaskPredictor predictor;
    private final int numClasses;
    private final int outputSize;

    /**
     * @param pool RoIAlign of the mask size over P2..P5
     * @param head the four convolutions
     * @param predictor the transposed convolution and the per-class logits
     * @param numClasses classes, background included
     * @param outputSize M, the side of the predicted masks
     */
    MaskBranch(MultiScaleRoiAlign pool, IndexedSequence head, MaskPredictor predictor,
            int numClasses, int outputSize) {
        this.pool = pool;
        this.head = head;
        this.predictor = predictor;
        this.numClasses = numClasses;
        this.outputSize = outputSize;
    }

    /**
     * RoIAlign of the boxes, the head in chunks of {@value #MASK_CHUNK}, the predictor.
     *
     * @param store the parameter store
     * @param features the pyramid levels the RoIs pool from
     * @param boxes (D, 4) final boxes
     * @param labels the class of each box, whose logits are kept
     * @return (D, M, M) mask logits of each box's label, row-major
     */
    float[] logits(ParameterStore store, List<NDArray> features, NDArray boxes, int[] labels) {
        int d = labels.length;
        int cells = outputSize * outputSize;
        float[] out = new float[d * cells];
        if (d == 0) {
            return out;
        }
        int classes = numClasses;
        // the pooled features, the convolutions' outputs and the logits go as soon as the logits
        // are on the host, so that the next arrays reuse their memory (see ResidualUnit); and the
        // head runs MASK_CHUNK RoIs at a time: four 3x3 convolutions of 256 channels on 100 RoIs
        // of 14 x 14 took 450-700 ms in one batch and 255-300 ms in chunks of 25, whose 5 MB
        // activations stay in cache (torch 1.13: 420-480 ms either way)
        try (NDManager scope = boxes.getManager().newSubManager()) {
            scope.tempAttachAll(new NDList(features), boxes);
            NDArray pooled = pool.apply(features, List.of(boxes));
            for (int start = 0; start < d; start += MASK_CHUNK) {
                int end = Math.min(d, start + MASK_CHUNK);
                float[] logits;
                try (NDManager chunk = scope.newSubManager()) {
                    NDArray part = pooled.get(start + ":" + end);
                    part.attach(chunk);
                    NDList hidden = head.forward(store, new NDList(part), false);
                    logits = RoiHeads.hostFloats(predictor.forward(store, hidden, false)
                            .singletonOrThrow());
                }
                for (int j = start; j < end; j++) {
                    System.arraycopy(logits, ((j - start) * classes + labels[j]) * cells, out,
                            j * cells, cells);
                }
            }
        }
        return out;
    }

    /**
     * torchvision's {@code maskrcnn_loss}: BCE-with-logits of the positives' label channel
     * against their ground-truth masks projected into their boxes; with no positive, zero times
     * the sum of the (empty) logits, so that the branch stays in the graph.
     *
     * @param store parameter store of the training step
     * @param m the step's manager
     * @param features P2..P5 of the batch
     * @param perImage the sampled RoIs of each image
     * @param truths each image's ground truth
     * @return the scalar loss
     */
    NDArray loss(ParameterStore store, NDManager m, List<NDArray> features,
            List<RoiSampler.Samples> perImage, List<GroundTruth> truths) {
        int classes = numClasses;
        int size = outputSize;
        DataType type = features.get(0).getDataType();
        MaskTargets targets = MaskTargets.of(perImage, truths, classes, size);
        int p = targets.count();
        List<NDArray> positiveBoxes = new ArrayList<>();
        for (Boxes boxes : targets.boxesPerImage()) {
            positiveBoxes.add(boxes.toNdArray(m).toType(type, false));
        }
        NDArray pooled = pool.apply(features, positiveBoxes);
        NDArray logits = predictor.forward(store,
                head.forward(store, new NDList(pooled), true), true).singletonOrThrow();
        if (p == 0) {
            // torchvision's mask_logits.sum() * 0: a zero that keeps the mask branch in the graph
            NDArray sum = logits.sum();
            return sum.mul(GraphSafe.scalar(sum, 0));
        }
        // backward reads both: in libtorch's memory, not the Java arrays create() wraps
        NDArray picked = logits.mul(GraphSafe.owned(m.create(targets.channels(),
                new Shape(p, classes, 1, 1)).toType(type, false))).sum(new int[] {1});
        return DetectionLosses.binaryCrossEntropyWithLogits(picked, GraphSafe.owned(
                m.create(targets.masks(), new Shape(p, size, size)).toType(type, false)));
    }
}
