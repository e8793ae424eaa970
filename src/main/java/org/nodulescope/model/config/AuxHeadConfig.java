package org.nodulescope.model.config;

import static org.nodulescope.model.config.ConfigChecks.finite;
import static org.nodulescope.model.config.ConfigChecks.nonNegative;
import static org.nodulescope.model.config.ConfigChecks.unit;

/**
 * Auxiliary "true nodule" classifier: one linear layer from the flattened box RoIAlign
 * output (fpnChannels x roiSize x roiSize) to one logit. Trained with BCE-with-logits on the
 * box head's sampled RoIs, target 1 when the RoI's largest IoU with a ground-truth box is at
 * least {@code iouThreshold}; its loss enters the total times {@code lossWeight}. At
 * inference, the final boxes are pooled again and
 * {@code fused = fusionWeight * classScore + (1 - fusionWeight) * auxProbability} re-ranks
 * them. The exact definition is in src/test/resources/fixtures/maskrcnn/README.md.
 *
 * @param enabled whether the head exists at all (its parameters, loss and fusion)
 * @param iouThreshold 0.3
 * @param lossWeight lambda_aux, 0.3
 * @param fusionWeight weight of the class score, 0.5 = the mean of the two probabilities
 */
public record AuxHeadConfig(boolean enabled, double iouThreshold, double lossWeight,
        double fusionWeight) {
    public AuxHeadConfig {
        unit("aux.iouThreshold", iouThreshold);
        finite("aux.lossWeight", lossWeight);
        nonNegative("aux.lossWeight", lossWeight);
        unit("aux.fusionWeight", fusionWeight);
    }

    /** @return the paper's head: IoU 0.3, lambda 0.3, mean fusion */
    public static AuxHeadConfig paper() {
        return new AuxHeadConfig(true, 0.3, 0.3, 0.5);
    }

    /** @return no auxiliary head (the paper's values kept for when it is switched on) */
    public static AuxHeadConfig disabled() {
        return new AuxHeadConfig(false, 0.3, 0.3, 0.5);
    }
}
