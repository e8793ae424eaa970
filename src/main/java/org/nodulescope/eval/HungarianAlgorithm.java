package org.nodulescope.eval;

import java.util.Arrays;

/**
 * The assignment problem on a rectangular matrix, solved exactly in O(n^2 m) time for n rows and
 * m columns (n <= m; a taller matrix is solved transposed): the shortest-augmenting-path form of
 * the Hungarian method with row and column potentials (Kuhn 1955, Munkres 1957, in the
 * formulation of Jonker and Volgenant). commons-math3 has no such solver.
 *
 * <p>Every row is assigned a distinct column when there are at least as many columns as rows;
 * otherwise every column gets a distinct row and the leftover rows stay unassigned.
 */
public final class HungarianAlgorithm {

    /** Marks a row that has no column in the answer. */
    public static final int UNASSIGNED = -1;

    private HungarianAlgorithm() {}

    /**
     * The assignment of least total cost.
     *
     * @param cost {@code cost[row][column]}, finite, every row of the same length
     * @return for each row its column, or {@link #UNASSIGNED}
     * @throws IllegalArgumentException for a ragged matrix or a non-finite cost
     */
    public static int[] minimiseCost(double[][] cost) {
        int rows = cost.length;
        int columns = rows == 0 ? 0 : cost[0].length;
        for (double[] row : cost) {
            if (row.length != columns) {
                throw new IllegalArgumentException("cost matrix rows differ in length: "
                        + columns + " and " + row.length);
            }
            for (double c : row) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("cost matrix holds a non-finite value " + c);
                }
            }
        }
        int[] answer = new int[rows];
        Arrays.fill(answer, UNASSIGNED);
        if (rows == 0 || columns == 0) {
            return answer;
        }
        if (rows <= columns) {
            return solveWide(cost, rows, columns);
        }
        double[][] transposed = new double[columns][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c][r] = cost[r][c];
            }
        }
        int[] rowOfColumn = solveWide(transposed, columns, rows);
        for (int c = 0; c < columns; c++) {
            answer[rowOfColumn[c]] = c;
        }
        return answer;
    }

    /** The assignment of greatest total gain (the least total of negated gains). */
    public static int[] maximiseGain(double[][] gain) {
        double[][] cost = new double[gain.length][];
        for (int r = 0; r < gain.length; r++) {
            cost[r] = new double[gain[r].length];
            for (int c = 0; c < gain[r].length; c++) {
                cost[r][c] = -gain[r][c];
            }
        }
        return minimiseCost(cost);
    }

    /**
     * Rows are added one at a time; each addition grows an alternating tree from the new row by
     * Dijkstra over reduced costs until it reaches a free column, then flips the path. Index 0 of
     * the column arrays is a virtual column that holds the row being added.
     */
    private static int[] solveWide(double[][] cost, int rows, int columns) {
        double[] rowPotential = new double[rows + 1];
        double[] columnPotential = new double[columns + 1];
        int[] owner = new int[columns + 1]; // row (1-based) holding each column; 0 = free
        int[] previous = new int[columns + 1]; // the tree edge into each column
        double[] slack = new double[columns + 1];
        boolean[] inTree = new boolean[columns + 1];
        for (int row = 1; row <= rows; row++) {
            owner[0] = row;
            int column = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(inTree, false);
            do {
                inTree[column] = true;
                int from = owner[column];
                double step = Double.POSITIVE_INFINITY;
                int next = -1;
                for (int c = 1; c <= columns; c++) {
                    if (inTree[c]) {
                        continue;
                    }
                    double reduced = cost[from - 1][c - 1] - rowPotential[from] - columnPotential[c];
                    if (reduced < slack[c]) {
                        slack[c] = reduced;
                        previous[c] = column;
                    }
                    if (slack[c] < step) {
                        step = slack[c];
                        next = c;
                    }
                }
                for (int c = 0; c <= columns; c++) {
                    if (inTree[c]) {
                        rowPotential[owner[c]] += step;
                        columnPotential[c] -= step;
                    } else {
                        slack[c] -= step;
                    }
                }
                column = next;
            } while (owner[column] != 0);
            while (column != 0) {
                int back = previous[column];
                owner[column] = owner[back];
                column = back;
            }
        }
        int[] columnOfRow = new int[rows];
        for (int c = 1; c <= columns; c++) {
            if (owner[c] != 0) {
                columnOfRow[owner[c] - 1] = c - 1;
            }
        }
        return columnOfRow;
    }
}
