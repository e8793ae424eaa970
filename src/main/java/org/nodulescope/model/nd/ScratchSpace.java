package org.nodulescope.model.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A short-lived sub-manager for the intermediate arrays of one operation. The inputs are attached
 * to it only for the duration, so every array derived from them lands here and is freed on
 * {@link #close()}; the inputs go back to their own managers and only what {@link #keep} names
 * survives, in the caller's manager.
 *
 * <pre>{@code
 * try (ScratchSpace scratch = ScratchSpace.open(boxes.getManager(), boxes)) {
 *     NDArray widths = boxes.get(":, 2").sub(boxes.get(":, 0"));
 *     return scratch.keep(widths);
 * }
 * }</pre>
 */
public final class ScratchSpace implements AutoCloseable {

    private final NDManager caller;
    private final NDManager scratch;

    private ScratchSpace(NDManager caller, NDArray... inputs) {
        this.caller = caller;
        this.scratch = caller.newSubManager();
        // an array passed twice must be borrowed once, or it would be "returned" to this space
        java.util.Set<NDArray> borrowed = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        for (NDArray input : inputs) {
            if (borrowed.add(input)) {
                input.tempAttach(scratch);
            }
        }
    }

    /** Opens a scratch space under {@code caller}, borrowing {@code inputs} until it closes. */
    public static ScratchSpace open(NDManager caller, NDArray... inputs) {
        return new ScratchSpace(caller, inputs);
    }

    /** The manager to create new intermediate arrays in. */
    public NDManager manager() {
        return scratch;
    }

    /** Moves {@code result} to the caller's manager so that it outlives this space. */
    public NDArray keep(NDArray result) {
        result.attach(caller);
        return result;
    }

    @Override
    public void close() {
        scratch.close();
    }
}
