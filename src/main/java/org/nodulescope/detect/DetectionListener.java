package org.nodulescope.detect;

/**
 * What a detection run tells its caller while it works. Events arrive on the thread that called
 * {@link DetectionService#detect}, in order; a viewer forwards them to its UI thread itself.
 */
public interface DetectionListener {

    /** A listener that ignores everything. */
    DetectionListener NONE = new DetectionListener() {
    };

    /**
     * A step of the run worth a status line, e.g. which lung mask is used.
     *
     * @param message one sentence
     */
    default void stage(String message) {
    }

    /**
     * Called once before the first batch (0 done) and after every batch, the last time with
     * every slice done.
     *
     * @param progress slices done of the total and the time estimate
     */
    default void progress(DetectionProgress progress) {
    }
}
