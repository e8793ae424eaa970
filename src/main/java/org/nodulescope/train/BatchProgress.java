package org.nodulescope.train;

import java.util.Map;

/**
 * Where a run stands after a training batch, for progress bars and live charts.
 *
 * @param phase the current phase
 * @param epoch 1-based epoch
 * @param batch 1-based batch within the epoch
 * @param batches batches in the epoch
 * @param step optimiser steps of the whole run so far
 * @param losses the batch's named losses and {@code total}
 * @param secondsPerBatch recent mean wall time of a batch
 * @param etaSeconds estimated seconds to the end of the schedule (validation included), or NaN
 */
public record BatchProgress(TrainingPhase phase, int epoch, int batch, int batches, long step,
        Map<String, Double> losses, double secondsPerBatch, double etaSeconds) {

    public BatchProgress {
        losses = Map.copyOf(losses);
    }
}
