package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BiPredicate;

/**
 * Pairs our ranked list with torchvision's rank by rank. A float32 network and a float64
 * reference may order two entries differently only when the reference gives them nearly the same
 * score: rank k of ours must be rank k of theirs, or an entry of theirs whose score is within
 * {@code tie} of the score at rank k.
 *
 * @param theirs for each of our ranks, the rank of the same entry in theirs
 * @param swaps how many of our ranks hold another entry than theirs
 * @param widestSwap the largest reference score gap that a swap spanned
 */
record RankedMatch(int[] theirs, int swaps, double widestSwap) {

    /**
     * @param what names the list in a failure
     * @param count the length of both lists
     * @param same whether our entry i is their entry j
     * @param theirScores their scores, by rank
     * @param tie the widest reference score gap a swap may span
     * @return the pairing
     */
    static RankedMatch of(String what, int count, BiPredicate<Integer, Integer> same,
            double[] theirScores, double tie) {
        int[] pairs = new int[count];
        boolean[] used = new boolean[count];
        int swaps = 0;
        double widest = 0;
        for (int k = 0; k < count; k++) {
            int found = -1;
            if (!used[k] && same.test(k, k)) {
                found = k;
            } else {
                // the nearest rank first: a swap is between neighbours in score
                for (int d = 1; d < count && found < 0; d++) {
                    for (int j : new int[] {k - d, k + d}) {
                        if (j >= 0 && j < count && !used[j] && same.test(k, j)) {
                            found = j;
                            break;
                        }
                    }
                }
                if (found < 0) {
                    fail(what + ": our rank " + k + " matches none of theirs");
                }
                double gap = Math.abs(theirScores[found] - theirScores[k]);
                if (gap > tie) {
                    fail(what + ": our rank " + k + " is their rank " + found + ", but their scores"
                            + " there differ by " + gap + " (a tie is at most " + tie + ")");
                }
                swaps++;
                widest = Math.max(widest, gap);
            }
            used[found] = true;
            pairs[k] = found;
        }
        return new RankedMatch(pairs, swaps, widest);
    }
}
