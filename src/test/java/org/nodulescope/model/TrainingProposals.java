package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nodulescope.model.rpn.RegionProposalNetwork;

/**
 * The RPN's training proposals (2000 of the per-level top 2000, after NMS) against
 * torchvision's: the same boxes, ranked alike where the scores do not tie.
 */
final class TrainingProposals {

    /** A proposal may move across our scores this close to its own (measured: inference 2e-5). */
    static final double TIE = 1e-4;

    private TrainingProposals() {
    }

    /** @return one line of figures */
    static String check(RegionProposalNetwork.Proposals ours, double[] theirBoxes) {
        float[] boxes = ours.boxes().toFloatArray();
        float[] scores = ours.scores().toFloatArray();
        int n = theirBoxes.length / 4;
        assertEquals(n, scores.length, "training proposal count");
        // torchvision's training proposals carry no scores: a proposal we rank at k and they at j
        // has moved across our proposals ranked between j and k, so our scores there must tie
        int swaps = 0;
        double widest = 0;
        double worst = 0;
        boolean[] used = new boolean[n];
        for (int k = 0; k < n; k++) {
            int found = !used[k] && DetectionComparison.sameBox(boxes, k, theirBoxes, k) ? k : -1;
            // the nearest rank first; several zero-thickness proposals may lie within a pixel
            for (int d = 1; found < 0 && d < n; d++) {
                for (int j : new int[] {k - d, k + d}) {
                    if (j >= 0 && j < n && !used[j]
                            && DetectionComparison.sameBox(boxes, k, theirBoxes, j)) {
                        found = j;
                        break;
                    }
                }
            }
            assertTrue(found >= 0, "our training proposal " + k + " is none of torchvision's");
            if (found != k) {
                double gap = Math.abs(scores[k] - scores[found]);
                assertTrue(gap <= TIE, "our training proposal " + k + " is torchvision's " + found
                        + ", across a score gap of " + gap);
                swaps++;
                widest = Math.max(widest, gap);
            }
            used[found] = true;
            worst = Math.max(worst, SeededParityTest.cornerError(boxes, k, theirBoxes, found));
        }
        return String.format("%d training proposals, %d swaps of tied scores (widest %.1e), boxes"
                + " within %.2f px", n, swaps, widest, worst);
    }
}
