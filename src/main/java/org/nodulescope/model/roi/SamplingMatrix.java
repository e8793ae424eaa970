package org.nodulescope.model.roi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nodulescope.model.nd.GraphSafe;

/**
 * The RoIAlign of a whole set of RoIs as one sparse matrix: a row per output bin, a column per
 * feature pixel, holding the bilinear weight with which that pixel enters the bin's average.
 * Multiplying it with the pixels as rows of channels pools every bin at once, in one engine call
 * whose gradient reaches the features. A bin has at most {@code (2 * samplingRatio)^2} nonzeros
 * (two neighbours per sample along each axis), so the product costs about as much as the
 * bilinear sampling itself, unlike gathering each RoI's window of pixels.
 */
final class SamplingMatrix {

    private final long rowCount;
    private long[] rows;
    private long[] columns;
    private double[] weights;
    private int size;

    /**
     * @param rowCount output bins, the matrix' rows
     * @param expected nonzeros to make room for; more grow the arrays
     */
    SamplingMatrix(long rowCount, int expected) {
        this.rowCount = rowCount;
        int capacity = Math.max(expected, 16);
        rows = new long[capacity];
        columns = new long[capacity];
        weights = new double[capacity];
    }

    void add(long row, long column, double weight) {
        if (size == rows.length) {
            int capacity = Math.multiplyExact(size, 2);
            rows = Arrays.copyOf(rows, capacity);
            columns = Arrays.copyOf(columns, capacity);
            weights = Arrays.copyOf(weights, capacity);
        }
        rows[size] = row;
        columns[size] = column;
        weights[size] = weight;
        size++;
    }

    int nonzeros() {
        return size;
    }

    /**
     * @param pixels {@code (P, C)} feature pixels as rows, float32 or float64; P must cover every
     *     column added
     * @return {@code (rowCount, C)} in {@code manager}, of the pixels' data type
     */
    NDArray times(NDManager manager, NDArray pixels) {
        if (size == 0) {
            // An explicit zero keeps the product defined, and on the features' gradient path,
            // when every sample falls off the map.
            add(0, 0, 0);
        }
        long[][] indices = {Arrays.copyOf(rows, size), Arrays.copyOf(columns, size)};
        Shape shape = new Shape(rowCount, pixels.getShape().get(0));
        NDArray matrix;
        if (pixels.getDataType() == DataType.FLOAT64) {
            matrix = manager.createCoo(DoubleBuffer.wrap(weights, 0, size), indices, shape);
        } else if (pixels.getDataType() == DataType.FLOAT32) {
            float[] single = new float[size];
            for (int i = 0; i < size; i++) {
                single[i] = (float) weights[i];
            }
            matrix = manager.createCoo(FloatBuffer.wrap(single), indices, shape);
        } else {
            throw new IllegalArgumentException("RoIAlign needs float32 or float64 features, got "
                    + pixels.getDataType() + ".");
        }
        // backward multiplies by the matrix again, after this scope is gone: libtorch's own copy
        return GraphSafe.owned(matrix).matMul(pixels);
    }
}
