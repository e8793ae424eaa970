package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import org.nodulescope.model.roi.Detections;

/**
 * Our detections against a torchvision reference of {@code fixtures/parity/parity.npz} (arrays
 * {@code <prefix>boxes}, {@code scores}, {@code labels}, {@code aux_scores}, {@code fused_scores},
 * {@code mask_probs}, {@code masks_packed}, {@code fused_order}): rank by rank by class score, the
 * order after fused re-ranking, the 28 x 28 mask logits, and the pasted masks above 50 pixels by
 * IoU, each within what torchvision's own float32 run achieves ({@link Tolerance}).
 */
final class DetectionComparison {

    static final int LARGE_MASK = 50;
    /** A float32 corner may differ from the float64 reference by this much, in pixels. */
    static final double CORNER = 1;
    /** Their mask probabilities stored as float32 give a usable logit only inside this band. */
    private static final double UNSATURATED = 1e-3;

    /**
     * How far our float32 detections may be from the float64 reference, set by torchvision's own
     * float32 run of the same model on the same input ({@code float32.json}): what rounding alone
     * does there, with a margin. Two entries may come in either order when their reference scores
     * differ by at most twice the score tolerance: that is what two scores each within the
     * tolerance can do.
     *
     * @param score class scores, absolute
     * @param auxOrFused auxiliary and fused scores, absolute
     * @param maskLogit 28 x 28 mask logits, relative to the mask's largest logit
     * @param masksBelow how many masks above 50 px may have an IoU under 0.99
     * @param lowestIou the lowest IoU a mask above 50 px may have
     */
    record Tolerance(double score, double auxOrFused, double maskLogit, int masksBelow,
            double lowestIou) {

        /**
         * @param float32 torchvision's float32 run against its float64 one, for this set
         * @param maskLogit our own bound for the 28 x 28 logits
         * @return scores within twice torchvision's float32 errors (at least 1e-3); no more masks
         *     under IoU 0.99 than its float32 run has, plus one; none more than 0.02 below its lowest
         */
        static Tolerance of(JsonNode float32, double maskLogit) {
            return new Tolerance(Math.max(1e-3, 2 * float32.get("scoreError").asDouble()),
                    Math.max(1e-3, 2 * float32.get("auxOrFusedError").asDouble()), maskLogit,
                    float32.get("masksBelowIou099").asInt() + 1,
                    float32.get("lowestIou").asDouble() - 0.02);
        }

        double tie() {
            return 2 * score;
        }

        double fusedTie() {
            return 2 * auxOrFused;
        }
    }

    private DetectionComparison() {
    }

    /**
     * @return one line of figures for the test's report
     */
    static String check(String what, Detections ours, Fixture f, String prefix, int height,
            int width, Tolerance tolerance) {
        double[] boxes = f.doubles(prefix + "boxes");
        double[] scores = f.doubles(prefix + "scores");
        long[] labels = f.longs(prefix + "labels");
        double[] aux = f.doubles(prefix + "aux_scores");
        double[] fused = f.doubles(prefix + "fused_scores");
        float[] maskProbabilities = f.floats(prefix + "mask_probs");
        long[] fusedOrder = f.longs(prefix + "fused_order");
        int n = scores.length;
        assertEquals(n, ours.size(), what + ": count");
        RankedMatch match = RankedMatch.of(what, n, (i, j) -> ours.labels()[i] == labels[j]
                && sameBox(ours.boxes().toArray(), i, boxes, j), scores, tolerance.tie());
        double worstBox = 0;
        double worstScore = 0;
        double worstAux = 0;
        double worstMask = 0;
        int cells = ours.maskSize() * ours.maskSize();
        for (int k = 0; k < n; k++) {
            int j = match.theirs()[k];
            worstBox = Math.max(worstBox, SeededParityTest.cornerError(ours.boxes().toArray(), k, boxes, j));
            worstScore = Math.max(worstScore, Math.abs(ours.scores()[k] - scores[j]));
            worstAux = Math.max(worstAux, Math.max(Math.abs(ours.auxProbabilities()[k] - aux[j]),
                    Math.abs(ours.fusedScores()[k] - fused[j])));
            worstMask = Math.max(worstMask, maskLogitError(ours.maskLogits(), k,
                    maskProbabilities, j, cells));
        }
        assertTrue(worstBox <= CORNER, what + ": box corner off by " + worstBox);
        assertTrue(worstScore <= tolerance.score(), what + ": class score off by " + worstScore);
        assertTrue(worstAux <= tolerance.auxOrFused(),
                what + ": auxiliary or fused score off by " + worstAux);
        assertTrue(worstMask <= tolerance.maskLogit(), what + ": mask logit off by " + worstMask
                + " of the mask's largest");

        // the fused ranking: ours mapped to their indices, rank by rank, ties allowed
        int[] ourFused = ours.fusedOrder();
        int fusedSwaps = 0;
        int reRanked = 0;
        for (int r = 0; r < n; r++) {
            int mine = match.theirs()[ourFused[r]];
            int theirs = (int) fusedOrder[r];
            reRanked += theirs != r ? 1 : 0;
            if (mine != theirs) {
                double gap = Math.abs(fused[mine] - fused[theirs]);
                assertTrue(gap <= tolerance.fusedTie(), what + ": fused rank " + r + " holds their"
                        + " detection " + mine + " instead of " + theirs + " (fused scores differ"
                        + " by " + gap + ")");
                fusedSwaps++;
            }
        }

        boolean[] theirMasks = unpack(f.get(prefix + "masks_packed"), n, height * width);
        double lowestIou = 1;
        int large = 0;
        int below = 0;
        int worstSmall = 0;
        for (int k = 0; k < n; k++) {
            int j = match.theirs()[k];
            boolean[] mine = ours.pastedMask(k, height, width);
            int inter = 0;
            int union = 0;
            int theirCount = 0;
            for (int p = 0; p < mine.length; p++) {
                boolean t = theirMasks[j * height * width + p];
                theirCount += t ? 1 : 0;
                inter += t && mine[p] ? 1 : 0;
                union += t || mine[p] ? 1 : 0;
            }
            if (theirCount > LARGE_MASK) {
                double iou = (double) inter / union;
                lowestIou = Math.min(lowestIou, iou);
                large++;
                below += iou < 0.99 ? 1 : 0;
                assertTrue(iou >= tolerance.lowestIou(), what + ": mask of their detection " + j
                        + " (" + theirCount + " px) at IoU " + iou);
            } else {
                worstSmall = Math.max(worstSmall, union - inter);
            }
        }
        assertTrue(large > 0, what + ": no mask above " + LARGE_MASK + " pixels to compare");
        assertTrue(below <= tolerance.masksBelow(), what + ": " + below + " masks above "
                + LARGE_MASK + " px under IoU 0.99, torchvision's own float32 run has "
                + (tolerance.masksBelow() - 1));
        return String.format("%s: %d (class scores %.3f-%.3f), %d swaps of tied scores (widest"
                + " %.1e), boxes within %.2f px, class scores %.1e, aux/fused %.1e, 28x28 mask"
                + " logits %.1e of the largest; fused re-ranking moves %d, %d swaps of tied fused"
                + " scores; %d masks above %d px, %d under IoU 0.99, lowest %.4f; smaller masks"
                + " differ by at most %d px", what, n, n == 0 ? 0 : scores[n - 1],
                n == 0 ? 0 : scores[0], match.swaps(), match.widestSwap(), worstBox, worstScore,
                worstAux, worstMask, reRanked, fusedSwaps, large, LARGE_MASK, below, lowestIou,
                worstSmall);
    }

    /**
     * Our logits of mask k against their probabilities of mask j, where theirs are not saturated,
     * over the largest of our logits: the probabilities of a saturated mask say nothing, and near
     * 0.5 a logit error of a twentieth shows as a probability error of a hundredth.
     */
    private static double maskLogitError(float[] ourLogits, int k, float[] theirProbabilities,
            int j, int cells) {
        double worst = 0;
        double largest = 0;
        for (int p = 0; p < cells; p++) {
            double mine = ourLogits[k * cells + p];
            largest = Math.max(largest, Math.abs(mine));
            double q = theirProbabilities[j * cells + p];
            if (q >= UNSATURATED && q <= 1 - UNSATURATED) {
                worst = Math.max(worst, Math.abs(mine - Math.log(q / (1 - q))));
            }
        }
        return largest == 0 ? worst : worst / largest;
    }

    /** numpy.packbits rows (big-endian bits) of {@code count} masks of {@code pixels} each. */
    static boolean[] unpack(NDArray packed, int count, int pixels) {
        int[] bytes = packed.toUint8Array();
        int rowBytes = (pixels + 7) / 8;
        boolean[] out = new boolean[count * pixels];
        for (int k = 0; k < count; k++) {
            for (int p = 0; p < pixels; p++) {
                out[k * pixels + p] = ((bytes[k * rowBytes + p / 8] >> (7 - p % 8)) & 1) != 0;
            }
        }
        return out;
    }

    /**
     * Whether our box i is their box j: every corner within {@link #CORNER} px. Not by IoU: with
     * the RPN's regression scaled up, many proposals collapse to zero height or width, where a
     * tenth of a pixel of float32 rounding makes the IoU of the same box 0.
     */
    static boolean sameBox(float[] a, int i, double[] b, int j) {
        return SeededParityTest.cornerError(a, i, b, j) <= CORNER;
    }
}
