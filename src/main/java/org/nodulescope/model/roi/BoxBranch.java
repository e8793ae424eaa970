package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/**
 * The box path of {@link RoiHeads}: torchvision's {@code box_roi_pool}, {@code box_head} and
 * {@code box_predictor}, and the project's auxiliary classifier on the same pooled features.
 * The blocks stay children of {@link RoiHeads}, which owns their parameters and names; this
 * class only runs them.
 */
final class BoxBranch {

    /**
     * What the box stage gives for K RoIs.
     *
     * @param classLogits (K, numClasses)
     * @param boxCodes (K, 4 * numClasses)
     * @param auxLogits (K), or null without the auxiliary head
     * @param pooled (K, C, S, S) the RoI features
     */
    record Stage(NDArray classLogits, NDArray boxCodes, NDArray auxLogits, NDArray pooled) {}

    private final MultiScaleRoiAlign pool;
    private final BoxHead head;
    private final BoxPredictor predictor;
    private final Linear auxClassifier;
    private final long pooledFeatures;

    /**
     * @param pool RoIAlign of the box size over P2..P5
     * @param head the two fully connected layers
     * @param predictor class logits and box codes
     * @param auxClassifier the auxiliary classifier, or null without one
     * @param pooledFeatures C * S * S, the width of a flattened RoI
     */
    BoxBranch(MultiScaleRoiAlign pool, BoxHead head, BoxPredictor predictor, Linear auxClassifier,
            long pooledFeatures) {
        this.pool = pool;
        this.head = head;
        this.predictor = predictor;
        this.auxClassifier = auxClassifier;
        this.pooledFeatures = pooledFeatures;
    }

    /**
     * @param store the parameter store
     * @param features P2..P5
     * @param boxesPerImage per image its RoIs (K_i, 4)
     * @param training whether the blocks run in training mode
     * @return the stage's outputs for all K RoIs of the batch
     */
    Stage run(ParameterStore store, List<NDArray> features, List<NDArray> boxesPerImage,
            boolean training) {
        NDArray pooled = pool.apply(features, boxesPerImage);
        NDList out = predictor.forward(store, head.forward(store, new NDList(pooled), training),
                training);
        return new Stage(out.get(0), out.get(1), auxLogits(store, pooled, training), pooled);
    }

    /**
     * The auxiliary probability of each final box, its features pooled again, so that it
     * describes the box the user sees.
     *
     * @param store the parameter store
     * @param features P2..P5 of one image
     * @param boxes (D, 4) final boxes
     * @return D sigmoids of the auxiliary logits; NaN without the head
     */
    float[] auxProbabilities(ParameterStore store, List<NDArray> features, NDArray boxes) {
        int d = Math.toIntExact(boxes.getShape().get(0));
        float[] out = new float[d];
        if (auxClassifier == null || d == 0) {
            Arrays.fill(out, Float.NaN);
            return out;
        }
        NDArray pooled = pool.apply(features, List.of(boxes));
        double[] logits = auxLogits(store, pooled, false).toType(DataType.FLOAT64, false)
                .toDoubleArray();
        for (int j = 0; j < d; j++) {
            out[j] = (float) (1 / (1 + Math.exp(-logits[j])));
        }
        return out;
    }

    /** (K) auxiliary logits of pooled box features, or null without the head. */
    private NDArray auxLogits(ParameterStore store, NDArray pooled, boolean training) {
        if (auxClassifier == null) {
            return null;
        }
        // the width is spelled out: PyTorch cannot infer -1 for an empty batch
        NDArray flat = pooled.reshape(pooled.getShape().get(0), pooledFeatures);
        NDArray logits = auxClassifier.forward(store, new NDList(flat), training)
                .singletonOrThrow();
        return logits.reshape(pooled.getShape().get(0));
    }
}
