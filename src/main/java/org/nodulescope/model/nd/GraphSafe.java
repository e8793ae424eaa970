package org.nodulescope.model.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays that a recorded graph may read during backward, made in memory libtorch owns.
 *
 * <p>On the CPU, DJL's {@code create(...)} wraps the Java buffer without copying (libtorch's
 * {@code from_blob}), and an operation with a Java number ({@code mul(0.5f)}) wraps the number
 * the same way and closes it right after the operation. Once such an array is closed, the garbage
 * collector may free its buffer while the autograd graph still holds the tensor, and backward then
 * reads whatever the memory holds by then. Operations whose backward reads the other operand
 * (mul, div, gather by index, matrix products) therefore take constants and indices made here;
 * add, sub and comparisons may keep plain numbers.
 */
public final class GraphSafe {

    private GraphSafe() {}

    /**
     * @param operand the array the scalar will be combined with (its manager owns the result)
     * @param value the scalar
     * @return a 0-dimensional array of {@code operand}'s type, allocated by libtorch
     */
    public static NDArray scalar(NDArray operand, double value) {
        return operand.getManager().full(new Shape(), (float) value, operand.getDataType());
    }

    /**
     * @param shared an array that may wrap Java memory; closed here
     * @return a copy in libtorch's memory, in the same manager
     */
    public static NDArray owned(NDArray shared) {
        try (shared) {
            return shared.duplicate();
        }
    }
}
