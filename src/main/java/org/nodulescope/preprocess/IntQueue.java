package org.nodulescope.preprocess;

import java.util.Arrays;

/** A growable FIFO of voxel indices for flood fills; reused across fills to avoid garbage. */
final class IntQueue {
    private int[] items;
    private int head;
    private int tail;

    IntQueue(int capacity) {
        items = new int[Math.max(16, capacity)];
    }

    void clear() {
        head = 0;
        tail = 0;
    }

    void add(int v) {
        if (tail == items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[tail++] = v;
    }

    boolean isEmpty() {
        return head == tail;
    }

    int poll() {
        return items[head++];
    }

    /** Every index added since the last clear, in insertion order (also those polled). */
    int size() {
        return tail;
    }

    int get(int i) {
        return items[i];
    }
}
