package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianAlgorithmTest {

    private static final int U = HungarianAlgorithm.UNASSIGNED;

    @Test
    void squareMatrixSolvedByHand() {
        // of the six permutations, (1, 0, 2) costs 1 + 2 + 2 = 5; the next best, (0, 1, 2) and
        // (2, 1, 0), cost 6
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertArrayEquals(new int[] {1, 0, 2}, HungarianAlgorithm.minimiseCost(cost));
    }

    @Test
    void greedyWouldBeWrong() {
        // greedy takes the 0.9 first and is left with 0.0: total 0.9; the optimum is 0.8 + 0.8
        double[][] iou = {{0.9, 0.8}, {0.8, 0.0}};
        assertArrayEquals(new int[] {1, 0}, HungarianAlgorithm.maximiseGain(iou));
    }

    @Test
    void wideMatrixLeavesAColumnFree() {
        // row 0 -> 1 (1) and row 1 -> 0 (2) cost 3; any use of column 2 costs at least 9
        double[][] cost = {{5, 1, 9}, {2, 3, 9}};
        assertArrayEquals(new int[] {1, 0}, HungarianAlgorithm.minimiseCost(cost));
    }

    @Test
    void tallMatrixLeavesARowUnassigned() {
        // rows 2 and 1 take the columns for 0 + 1; with row 0 the best is 1 + 0.5 (rows 0, 2)
        double[][] cost = {{1, 9}, {9, 1}, {0, 0.5}};
        assertArrayEquals(new int[] {U, 1, 0}, HungarianAlgorithm.minimiseCost(cost));
        double[][] oneColumn = {{3}, {1}, {2}};
        assertArrayEquals(new int[] {U, 0, U}, HungarianAlgorithm.minimiseCost(oneColumn));
    }

    @Test
    void negativeCostsAndEmptyMatrices() {
        double[][] cost = {{-5, -1}, {-1, -5}};
        assertArrayEquals(new int[] {0, 1}, HungarianAlgorithm.minimiseCost(cost));
        assertArrayEquals(new int[0], HungarianAlgorithm.minimiseCost(new double[0][0]));
        assertArrayEquals(new int[] {U, U}, HungarianAlgorithm.minimiseCost(new double[2][0]));
    }

    @Test
    void matchesBruteForceOnRandomRectangularMatrices() {
        Random random = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = 1 + random.nextInt(6);
            double[][] cost = new double[rows][columns];
            for (double[] row : cost) {
                for (int c = 0; c < columns; c++) {
                    // few distinct values: many ties, which trip up careless solvers
                    row[c] = random.nextInt(trial % 2 == 0 ? 4 : 1000) - 1.5;
                }
            }
            int[] answer = HungarianAlgorithm.minimiseCost(cost);
            assertValidAssignment(answer, rows, columns);
            assertEquals(bruteForce(cost, 0, new boolean[columns], 0),
                    total(cost, answer), 1e-9, "trial " + trial);
        }
    }

    @Test
    void badMatricesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> HungarianAlgorithm.minimiseCost(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class,
                () -> HungarianAlgorithm.minimiseCost(new double[][] {{1, Double.NaN}}));
    }

    private static void assertValidAssignment(int[] answer, int rows, int columns) {
        boolean[] used = new boolean[columns];
        int assigned = 0;
        for (int c : answer) {
            if (c != U) {
                assertEquals(false, used[c], "column used twice");
                used[c] = true;
                assigned++;
            }
        }
        assertEquals(Math.min(rows, columns), assigned);
    }

    private static double total(double[][] cost, int[] answer) {
        double sum = 0;
        for (int r = 0; r < answer.length; r++) {
            if (answer[r] != U) {
                sum += cost[r][answer[r]];
            }
        }
        return sum;
    }

    /** Least total over every assignment of min(rows, columns) pairs. */
    private static double bruteForce(double[][] cost, int row, boolean[] used, int assigned) {
        int rows = cost.length;
        int columns = used.length;
        int needed = Math.min(rows, columns);
        if (assigned == needed) {
            return 0;
        }
        if (row == rows) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        if (rows - row - 1 >= needed - assigned) {
            best = bruteForce(cost, row + 1, used, assigned); // leave this row out
        }
        for (int c = 0; c < columns; c++) {
            if (!used[c]) {
                used[c] = true;
                best = Math.min(best, cost[row][c] + bruteForce(cost, row + 1, used, assigned + 1));
                used[c] = false;
            }
        }
        return best;
    }
}
