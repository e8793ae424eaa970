package org.nodulescope.volume;

import java.util.Arrays;

/**
 * The 3x3 direction matrix of a scan: column {@code c} is the world-frame unit vector along index
 * axis {@code c} (c = 0 for x/columns, 1 for y/rows, 2 for z/slices).
 *
 * <p>This is ITK's {@code Direction}; a MetaImage {@code TransformMatrix} lists the same nine
 * numbers axis by axis (the first three are column 0). The matrix need not be orthogonal (a
 * gantry-tilted DICOM series gives a sheared one), only invertible; its inverse is computed once.
 */
public final class Direction {

    private static final double SINGULAR = 1e-9;

    private final double[] m; // row-major: m[3 * row + col]
    private final double[] inv;

    private Direction(double[] rowMajor) {
        for (double v : rowMajor) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        "Direction matrix has a non-finite entry: " + Arrays.toString(rowMajor));
            }
        }
        this.m = rowMajor.clone();
        this.inv = invert(m);
    }

    public static Direction identity() {
        return new Direction(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    /** From the three index-axis vectors in world coordinates. */
    public static Direction ofAxes(double[] xAxis, double[] yAxis, double[] zAxis) {
        if (xAxis.length != 3 || yAxis.length != 3 || zAxis.length != 3) {
            throw new IllegalArgumentException("Each direction axis needs 3 components");
        }
        double[] rm = new double[9];
        for (int row = 0; row < 3; row++) {
            rm[3 * row] = xAxis[row];
            rm[3 * row + 1] = yAxis[row];
            rm[3 * row + 2] = zAxis[row];
        }
        return new Direction(rm);
    }

    /** From nine numbers in MetaImage {@code TransformMatrix} order (axis by axis). */
    public static Direction fromAxisMajor(double[] nine) {
        if (nine.length != 9) {
            throw new IllegalArgumentException("A 3D direction needs 9 numbers, got " + nine.length);
        }
        return ofAxes(
                Arrays.copyOfRange(nine, 0, 3),
                Arrays.copyOfRange(nine, 3, 6),
                Arrays.copyOfRange(nine, 6, 9));
    }

    /** The nine numbers in MetaImage {@code TransformMatrix} order (axis by axis). */
    public double[] toAxisMajor() {
        double[] out = new double[9];
        for (int axis = 0; axis < 3; axis++) {
            for (int row = 0; row < 3; row++) {
                out[3 * axis + row] = m[3 * row + axis];
            }
        }
        return out;
    }

    /** Entry at (row, column) of the matrix that maps index-axis steps to world vectors. */
    public double get(int row, int col) {
        return m[3 * row + col];
    }

    /** World-frame unit vector of index axis {@code axis} (0 = x, 1 = y, 2 = z). */
    public double[] axis(int axis) {
        return new double[] {m[axis], m[3 + axis], m[6 + axis]};
    }

    public boolean isIdentity(double tolerance) {
        double[] id = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int i = 0; i < 9; i++) {
            if (Math.abs(m[i] - id[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** Applies the matrix to a vector given in index-axis units. */
    void multiply(double a, double b, double c, double[] out) {
        out[0] = m[0] * a + m[1] * b + m[2] * c;
        out[1] = m[3] * a + m[4] * b + m[5] * c;
        out[2] = m[6] * a + m[7] * b + m[8] * c;
    }

    /** Applies the inverse matrix to a world-frame vector. */
    void multiplyInverse(double a, double b, double c, double[] out) {
        out[0] = inv[0] * a + inv[1] * b + inv[2] * c;
        out[1] = inv[3] * a + inv[4] * b + inv[5] * c;
        out[2] = inv[6] * a + inv[7] * b + inv[8] * c;
    }

    private static double[] invert(double[] a) {
        double c00 = a[4] * a[8] - a[5] * a[7];
        double c01 = a[5] * a[6] - a[3] * a[8];
        double c02 = a[3] * a[7] - a[4] * a[6];
        double det = a[0] * c00 + a[1] * c01 + a[2] * c02;
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (Math.abs(det) <= SINGULAR * scale * scale * scale || scale == 0) {
            throw new IllegalArgumentException(
                    "Direction matrix is singular (determinant " + det + "): "
                            + Arrays.toString(a));
        }
        double[] r = new double[9];
        r[0] = c00 / det;
        r[1] = (a[2] * a[7] - a[1] * a[8]) / det;
        r[2] = (a[1] * a[5] - a[2] * a[4]) / det;
        r[3] = c01 / det;
        r[4] = (a[0] * a[8] - a[2] * a[6]) / det;
        r[5] = (a[2] * a[3] - a[0] * a[5]) / det;
        r[6] = c02 / det;
        r[7] = (a[1] * a[6] - a[0] * a[7]) / det;
        r[8] = (a[0] * a[4] - a[1] * a[3]) / det;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Direction d && Arrays.equals(m, d.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return String.format(
                "[[%.6g, %.6g, %.6g], [%.6g, %.6g, %.6g], [%.6g, %.6g, %.6g]]",
                m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
    }
}
