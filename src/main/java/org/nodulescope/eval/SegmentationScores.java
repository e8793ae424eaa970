package org.nodulescope.eval;

import java.util.Collection;

/**
 * Running sums of Dice and IoU over counted mask pairs, across slices and scans; the means are
 * taken over pairs (every pair weighs the same), and are NaN when no pair was counted, which
 * {@link #hasPairs()} tells apart.
 *
 * @param pairs counted pairs
 * @param diceSum sum of their Dice coefficients
 * @param iouSum sum of their IoUs
 */
public record SegmentationScores(int pairs, double diceSum, double iouSum) {

    public static final SegmentationScores NONE = new SegmentationScores(0, 0, 0);

    public SegmentationScores {
        if (pairs < 0) {
            throw new IllegalArgumentException("pair count must not be negative, got " + pairs);
        }
    }

    public static SegmentationScores of(Collection<MaskPair> pairs) {
        double dice = 0;
        double iou = 0;
        for (MaskPair p : pairs) {
            dice += p.dice();
            iou += p.iou();
        }
        return new SegmentationScores(pairs.size(), dice, iou);
    }

    public SegmentationScores plus(SegmentationScores o) {
        return new SegmentationScores(pairs + o.pairs, diceSum + o.diceSum, iouSum + o.iouSum);
    }

    public boolean hasPairs() {
        return pairs > 0;
    }

    /** Mean Dice of the counted pairs; NaN when there are none. */
    public double meanDice() {
        return pairs > 0 ? diceSum / pairs : Double.NaN;
    }

    /** Mean IoU of the counted pairs; NaN when there are none. */
    public double meanIou() {
        return pairs > 0 ? iouSum / pairs : Double.NaN;
    }
}
