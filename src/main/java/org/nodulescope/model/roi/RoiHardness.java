package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nodulescope.model.nd.GradMode;

/**
 * How hard each training candidate of the RoI heads is, for online hard example mining: the
 * score that inference would give it now (the foreground probability, fused with the
 * auxiliary probability as detections are), computed with the current weights and without
 * recording gradients. A background candidate that scores high is a false positive in the
 * making.
 */
final class RoiHardness {

    private RoiHardness() {}

    /**
     * @param branch the box path
     * @param fusionWeight the weight of the class score in the fused score
     * @param store the training step's parameter store
     * @param features P2..P5 of the batch
     * @param candidates per image its candidates, in the order the sampler labels them
     *     (proposals, then ground-truth boxes), in the features' type
     * @return per image a score per candidate
     */
    static float[][] of(BoxBranch branch, double fusionWeight, ParameterStore store,
            List<NDArray> features, List<NDArray> candidates) {
        return GradMode.disabledDuring(() -> {
            NDManager caller = features.get(0).getManager();
            try (NDManager m = caller.newSubManager()) {
                // results land in the first input's manager: borrow the inputs so that they
                // are freed here, not with the training step
                for (NDArray f : features) {
                    f.tempAttach(m);
                }
                for (NDArray c : candidates) {
                    c.tempAttach(m);
                }
                BoxBranch.Stage stage = branch.run(store, features, candidates, true);
                float[] probabilities = RoiHeads.hostFloats(stage.classLogits().softmax(-1));
                int classes = Math.toIntExact(stage.classLogits().getShape().get(1));
                float[] foreground = new float[probabilities.length / classes];
                for (int r = 0; r < foreground.length; r++) {
                    foreground[r] = 1 - probabilities[r * classes];
                }
                float[] aux = new float[foreground.length];
                if (stage.auxLogits() == null) {
                    Arrays.fill(aux, Float.NaN);
                } else {
                    aux = RoiHeads.hostFloats(Activation.sigmoid(stage.auxLogits()));
                }
                float[] fused = DetectionSelector.fuse(foreground, aux, fusionWeight);
                float[][] out = new float[candidates.size()][];
                int row = 0;
                for (int i = 0; i < out.length; i++) {
                    int k = Math.toIntExact(candidates.get(i).getShape().get(0));
                    out[i] = Arrays.copyOfRange(fused, row, row + k);
                    row += k;
                }
                return out;
            }
        });
    }

    /**
     * @param proposals per image (K_i, 4)
     * @param truths per image its ground truth
     * @param type the features' type
     * @return per image its proposals followed by its ground-truth boxes, as the sampler
     *     labels them, in the proposals' manager
     */
    static List<NDArray> candidates(List<NDArray> proposals, List<GroundTruth> truths,
            DataType type) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            out.add(RoiSampler.candidates(proposals.get(i), truths.get(i)).toType(type, false));
        }
        return out;
    }
}
