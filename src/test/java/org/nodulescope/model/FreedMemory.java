package org.nodulescope.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes use of freed Java memory visible: lets the collector free direct buffers nothing
 * references any more, then allocates and fills buffers of the sizes the freed ones likely had,
 * so that a tensor still reading freed memory (see {@link GraphSafe}) reads 0x7f bytes.
 */
public final class FreedMemory {

    private FreedMemory() {}

    /** @return the buffers written, to keep them alive until the caller is done */
    public static List<ByteBuffer> scribble() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        List<ByteBuffer> hold = new ArrayList<>();
        for (int size = 8; size <= 1 << 20; size *= 2) {
            for (int k = 0; k < 16; k++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                hold.add(b);
            }
        }
        return hold;
    }
}
