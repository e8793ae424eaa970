package org.nodulescope.train;

import java.util.Map;
import org.nodulescope.eval.ValidationMetrics;

/**
 * What one epoch did: its phase, the mean of every named loss over its batches, the validation
 * metrics after it and the time it took.
 *
 * @param epoch 1-based epoch of the run
 * @param phase detection, segmentation or joint
 * @param learningRate Adam's rate in this epoch
 * @param losses mean of each named loss over the epoch's batches, and {@code total}
 * @param metrics nodule-level validation metrics after the epoch, null when the run's
 *     {@link ValidationSchedule} skipped its validation
 * @param steps optimiser steps taken in the epoch
 * @param trainSeconds wall time of the training batches
 * @param dataWaitSeconds part of it spent waiting for the data pipeline
 * @param validationSeconds wall time of the validation
 * @param miningSeconds wall time of the hard-negative mining after the epoch (0 without;
 *     histories written before it was recorded read as 0)
 * @param excludedFalsePositives how many of the validation's false positives lie on findings
 *     of {@code annotations_excluded.csv}, which the paper's protocol counts and LUNA16's
 *     evaluation ignores (0 without validation, and for samples made before excluded findings
 *     were recorded)
 */
public record EpochRecord(int epoch, String phase, double learningRate,
        Map<String, Double> losses, ValidationMetrics metrics, int steps, double trainSeconds,
        double dataWaitSeconds, double validationSeconds, double miningSeconds,
        int excludedFalsePositives) {

    public EpochRecord {
        losses = Map.copyOf(losses);
    }

    /** @return the epoch's wall time: training, validation and mining */
    public double seconds() {
        return trainSeconds + validationSeconds + miningSeconds;
    }

    /** @return whether the epoch was validated ({@link #metrics()} is not null) */
    public boolean validated() {
        return metrics != null;
    }
}
