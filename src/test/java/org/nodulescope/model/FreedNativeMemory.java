package org.nodulescope.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a read of freed native memory visible. DJL's PyTorch engine wraps Java direct buffers
 * without copying (libtorch's from_blob); once such an NDArray is closed, a collection can free
 * the buffer while a recorded graph still holds the tensor. Tests call {@link #scribble()}
 * between the forward pass and backward: the collector frees what is unreachable, then buffers
 * of the usual small sizes are allocated and filled with 0x7f, so that a freed index or scalar
 * that backward reads comes back as 0x7f7f... instead of its old value.
 */
public final class FreedNativeMemory {

    private FreedNativeMemory() {}

    /** Collects garbage and overwrites the freed small blocks; returns the bytes written. */
    public static long scribble() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        List<ByteBuffer> hold = new ArrayList<>();
        long written = 0;
        for (int size = 4; size <= 1 << 20; size *= 2) {
            for (int k = 0; k < 16; k++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                hold.add(b);
                written += size;
            }
        }
        return hold.isEmpty() ? 0 : written;
    }
}
