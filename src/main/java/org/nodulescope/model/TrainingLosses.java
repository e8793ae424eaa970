package org.nodulescope.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.function.Predicate;
import org.nodulescope.model.nd.GraphSafe;
import org.nodulescope.model.roi.RoiHeads;

/**
 * The named training losses and their weighted sum.
 *
 * @param terms {@code loss_objectness}, {@code loss_rpn_box_reg}, {@code loss_classifier},
 *     {@code loss_box_reg}, {@code loss_mask} and, with the auxiliary head,
 *     {@code loss_aux} (unweighted), each a scalar
 * @param auxWeight lambda_aux, the weight of {@code loss_aux} in every sum
 * @param total the sum of all terms with {@code loss_aux} times {@code auxWeight}
 */
public record TrainingLosses(Map<String, NDArray> terms, double auxWeight, NDArray total) {

    /**
     * @param terms the named scalar losses
     * @param auxWeight lambda_aux
     * @return the losses with their total
     */
    public static TrainingLosses of(Map<String, NDArray> terms, double auxWeight) {
        return new TrainingLosses(terms, auxWeight, weightedSum(terms, auxWeight, name -> true));
    }

    /**
     * The weighted sum of some of the terms: what a training phase that optimises only
     * part of the network takes its gradient of.
     *
     * @param include which term names to add
     * @return their sum, {@code loss_aux} weighted; null when no term is included
     */
    public NDArray sum(Predicate<String> include) {
        return weightedSum(terms, auxWeight, include);
    }

    private static NDArray weightedSum(Map<String, NDArray> terms, double auxWeight,
            Predicate<String> include) {
        NDArray sum = null;
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            if (!include.test(e.getKey())) {
                continue;
            }
            NDArray term = e.getKey().equals(RoiHeads.LOSS_AUX)
                    ? e.getValue().mul(GraphSafe.scalar(e.getValue(), auxWeight))
                    : e.getValue();
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }
}
