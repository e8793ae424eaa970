package org.nodulescope.model.box;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.nodulescope.model.nd.ScratchSpace;

/**
 * Assigns each prediction (anchor or proposal) to the ground-truth box it overlaps most, as
 * torchvision's {@code det_utils.Matcher}: quality at or above the high threshold is a match;
 * below the low threshold is {@link #BELOW_LOW_THRESHOLD}; in between is
 * {@link #BETWEEN_THRESHOLDS}. With low-quality matches allowed, every prediction that is the
 * best one for some ground truth (ties included) keeps its best match whatever its quality, so
 * that no ground truth is left without a prediction. Ties between ground truths go to the lowest
 * index, as torch's max does.
 */
public final class Matcher {

    /** Quality below the low threshold: background. */
    public static final long BELOW_LOW_THRESHOLD = -1;
    /** Quality between the thresholds: ignored in the loss. */
    public static final long BETWEEN_THRESHOLDS = -2;

    private final float highThreshold;
    private final float lowThreshold;
    private final boolean allowLowQualityMatches;

    /**
     * @param highThreshold quality from which a prediction is a match
     * @param lowThreshold quality below which a prediction is background
     * @param allowLowQualityMatches keep each ground truth's best predictions as matches
     */
    public Matcher(float highThreshold, float lowThreshold, boolean allowLowQualityMatches) {
        if (lowThreshold > highThreshold) {
            throw new IllegalArgumentException("Matcher low threshold " + lowThreshold
                    + " exceeds the high threshold " + highThreshold + ".");
        }
        this.highThreshold = highThreshold;
        this.lowThreshold = lowThreshold;
        this.allowLowQualityMatches = allowLowQualityMatches;
    }

    /** The RPN's matcher: 0.7 / 0.3 with low-quality matches. */
    public static Matcher forRpn() {
        return new Matcher(0.7f, 0.3f, true);
    }

    /** The RoI heads' matcher: 0.5 / 0.5 without low-quality matches. */
    public static Matcher forRoiHeads() {
        return new Matcher(0.5f, 0.5f, false);
    }

    /**
     * @param quality {@code (G, N)} float, e.g. IoU of G ground-truth boxes with N predictions
     * @return {@code (N)} int64: the matched ground-truth index, or one of the sentinels
     * @throws IllegalArgumentException when there is no ground truth or no prediction (the
     *     caller handles images without ground truth, as torchvision's callers do)
     */
    public NDArray match(NDArray quality) {
        if (quality.getShape().dimension() != 2) {
            throw new IllegalArgumentException("Match quality must be a (G, N) matrix, got shape "
                    + quality.getShape() + ".");
        }
        if (quality.getShape().get(0) == 0) {
            throw new IllegalArgumentException("Matcher needs at least one ground-truth box; "
                    + "handle images without ground truth before matching.");
        }
        if (quality.getShape().get(1) == 0) {
            throw new IllegalArgumentException("Matcher needs at least one prediction to match.");
        }
        try (ScratchSpace scratch = ScratchSpace.open(quality.getManager(), quality)) {
            NDManager m = scratch.manager();
            NDArray best = quality.max(new int[] {0});
            NDArray bestMatch = quality.argMax(0).toType(DataType.INT64, false);
            NDArray below = best.lt(lowThreshold);
            NDArray between = best.gte(lowThreshold).logicalAnd(best.lt(highThreshold));
            NDArray matches = NDArrays.where(below, m.full(best.getShape(), BELOW_LOW_THRESHOLD,
                    DataType.INT64), bestMatch);
            matches = NDArrays.where(between, m.full(best.getShape(), BETWEEN_THRESHOLDS,
                    DataType.INT64), matches);
            if (allowLowQualityMatches) {
                NDArray bestPerGroundTruth = quality.max(new int[] {1}, true);
                NDArray isBestForSome = quality.eq(bestPerGroundTruth).toType(DataType.INT32, false)
                        .max(new int[] {0}).gt(0);
                matches = NDArrays.where(isBestForSome, bestMatch, matches);
            }
            return scratch.keep(matches);
        }
    }
}
