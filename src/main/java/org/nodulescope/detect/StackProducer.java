package org.nodulescope.detect;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Prepares the next slices' stacks on one background thread while the network works on the
 * current batch. One thread, not a pool: libtorch already uses every core for inference, and
 * preparing a slice (window, CLAHE, mask) costs about a millisecond against the network's
 * hundreds, so one thread keeps the queue full without taking cores from libtorch.
 *
 * <p>The queue is bounded, so memory holds at most {@code capacity} stacks ahead. A failure on
 * the producer thread is rethrown by {@link #take()}; {@link #close()} stops the thread and waits
 * for it.
 */
final class StackProducer implements AutoCloseable {

    /** One slice's input. */
    record Stack(int slice, float[] values) {}

    private static final Object END = new Object();

    private record Failure(RuntimeException error) {}

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts preparing slices {@code first..last}.
     *
     * @param stacks makes slice z's stack; called on the producer thread only, in increasing z
     * @param capacity stacks prepared ahead, at least 1
     */
    StackProducer(IntFunction<float[]> stacks, int first, int last, int capacity) {
        queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        thread = new Thread(() -> run(stacks, first, last), "nodulescope-detect-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(IntFunction<float[]> stacks, int first, int last) {
        Object tail = END;
        try {
            for (int z = first; z <= last && !stopped; z++) {
                put(new Stack(z, stacks.apply(z)));
            }
        } catch (InterruptedException e) {
            return; // closed while waiting for room
        } catch (RuntimeException e) {
            tail = new Failure(e);
        }
        try {
            put(tail);
        } catch (InterruptedException e) {
            // closed: nobody is waiting for the end
        }
    }

    private void put(Object item) throws InterruptedException {
        while (!stopped) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /**
     * @return the next stack, or null after the last one
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws RuntimeException what the producer thread failed with
     */
    Stack take() throws InterruptedException {
        Object item = queue.take();
        if (item == END) {
            queue.put(END); // later calls see the end too
            return null;
        }
        if (item instanceof Failure f) {
            throw f.error();
        }
        return (Stack) item;
    }

    /** Stops the producer thread and waits for it to end. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
