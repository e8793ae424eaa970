package org.nodulescope.detect;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a scan's inference has come.
 *
 * @param slicesDone slices whose detections are in, 0..slicesTotal
 * @param slicesTotal slices of the lung z-range being processed
 * @param elapsed time since inference of this scan started
 * @param remaining estimated time to the last slice, from the pace so far; empty before the
 *     first batch is done
 */
public record DetectionProgress(int slicesDone, int slicesTotal, Duration elapsed,
        Optional<Duration> remaining) {

    public DetectionProgress {
        if (slicesDone < 0 || slicesDone > slicesTotal) {
            throw new IllegalArgumentException("slices done must be in 0.." + slicesTotal
                    + ", got " + slicesDone);
        }
    }

    /** @return the share done, 0..1 (1 for an empty scan) */
    public double fraction() {
        return slicesTotal == 0 ? 1 : (double) slicesDone / slicesTotal;
    }
}
