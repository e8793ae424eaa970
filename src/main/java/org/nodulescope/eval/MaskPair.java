package org.nodulescope.eval;

/**
 * A predicted and a ground-truth mask that {@link MaskMatcher} paired.
 *
 * @param predicted index in the predicted list
 * @param truth index in the ground-truth list
 * @param iou their intersection over union
 * @param dice their Dice coefficient
 */
public record MaskPair(int predicted, int truth, double iou, double dice) {}
