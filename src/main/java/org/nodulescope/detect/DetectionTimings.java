package org.nodulescope.detect;

/**
 * Where a scan's detection time went, in seconds. Preparing the stacks overlaps inference (a
 * producer thread), so it is part of {@code inferenceSeconds}; {@code waitSeconds} is the time
 * the network waited for the next stacks (near 0 when the producer keeps up).
 *
 * @param readSeconds reading the scan from disk (0 for a scan already in memory)
 * @param lungMaskSeconds reading or computing the lung mask
 * @param inferenceSeconds first batch in to last detections out
 * @param waitSeconds inference time spent waiting for prepared stacks
 * @param mergeSeconds score threshold bookkeeping, merging, measurements
 * @param totalSeconds the whole run
 * @param slices slices sent through the network
 */
public record DetectionTimings(double readSeconds, double lungMaskSeconds,
        double inferenceSeconds, double waitSeconds, double mergeSeconds, double totalSeconds,
        int slices) {

    /** @return slices per second of inference, 0 when none ran */
    public double slicesPerSecond() {
        return inferenceSeconds > 0 ? slices / inferenceSeconds : 0;
    }
}
