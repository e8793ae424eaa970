package org.nodulescope.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import org.nodulescope.model.nd.GraphSafe;

/**
 * Binary cross-entropy with logits (RPN objectness, mask pixels, the auxiliary classifier),
 * smooth-L1 (the RPN's and the box head's regression) and cross-entropy over classes (the box
 * classifier), written as torch writes them so that losses and gradients match torchvision 0.14.
 * Every scalar is made by {@link GraphSafe#scalar} in the operand's type and manager.
 */
public final class DetectionLosses {

    /** torchvision's smooth-L1 beta, the same in rpn.py and roi_heads.py. */
    public static final float SMOOTH_L1_BETA = 1f / 9;

    private DetectionLosses() {
    }

    /**
     * @param logits any shape
     * @param targets probabilities in [0, 1], the shape of {@code logits}
     * @return the mean over every element of max(x, 0) - x t + log(1 + exp(-|x|)), the form torch
     *     evaluates because exp never overflows in it
     */
    public static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray targets) {
        return Activation.relu(logits).sub(logits.mul(targets))
                .add(logits.abs().neg().exp().add(1f).log()).mean();
    }

    /**
     * @param difference predicted minus target codes, any shape (entries that do not count set
     *     to 0, which adds nothing)
     * @param count what torchvision divides by: the sampled anchors or RoIs, not the elements;
     *     0 gives NaN, as torch's 0 / 0 does (a run whose logits went NaN samples nothing, and the
     *     trainer must see the NaN to stop)
     * @return the sum over every element of 0.5 d^2 / beta where |d| < beta and |d| - 0.5 beta
     *     elsewhere, divided by {@code count}
     */
    public static NDArray smoothL1(NDArray difference, long count) {
        NDArray size = difference.abs();
        NDArray elementwise = NDArrays.where(size.lt(SMOOTH_L1_BETA),
                size.square().mul(GraphSafe.scalar(size, 0.5 / SMOOTH_L1_BETA)),
                size.sub(0.5f * SMOOTH_L1_BETA));
        return elementwise.sum().mul(GraphSafe.scalar(elementwise, 1.0 / count));
    }

    /**
     * @param logits (rows, classes)
     * @param oneHot (rows, classes): 1 at each row's class, 0 elsewhere
     * @return the mean over rows of -log softmax at the row's class
     */
    public static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
        NDArray logProbabilities = logits.logSoftmax(-1);
        long rows = logits.getShape().get(0);
        return logProbabilities.mul(oneHot).sum().neg()
                .mul(GraphSafe.scalar(logProbabilities, 1.0 / rows));
    }
}
