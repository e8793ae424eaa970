package org.nodulescope.detect;

import java.util.concurrent.CancellationException;

/**
 * A request to stop a detection run, checked between batches. A run also stops when its thread
 * is interrupted (what a JavaFX {@code Task.cancel()} does). A stopped run throws
 * {@link CancellationException} and returns nothing, so no half-made result can reach a caller.
 */
public final class Cancellation {

    private volatile boolean requested;

    /** Asks the run to stop at the next batch boundary; may be called from any thread. */
    public void cancel() {
        requested = true;
    }

    /** @return whether {@link #cancel()} was called or the calling thread is interrupted */
    public boolean isCancelled() {
        return requested || Thread.currentThread().isInterrupted();
    }

    /** @throws CancellationException when the run should stop */
    void check() {
        if (isCancelled()) {
            throw new CancellationException("detection was cancelled");
        }
    }
}
