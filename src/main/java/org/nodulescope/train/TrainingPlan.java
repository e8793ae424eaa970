package org.nodulescope.train;

/**
 * What a run is about to do, announced before the first batch.
 *
 * @param settings the settings
 * @param deviceReport the one-line device report
 * @param configSha256 the model configuration's hash
 * @param trainableParameters parameters that train in some phase
 * @param trainingSamples samples in the training split
 * @param trainingScans scans they come from
 * @param validationSamples samples in the validation split
 * @param validationScans scans they come from
 * @param batchesPerEpoch training batches per epoch
 * @param startEpoch the first epoch this run trains (after a resume, where it left off)
 * @param startBatch the first batch of that epoch
 * @param source where the weights start: scratch, a model folder or the run's last checkpoint
 */
public record TrainingPlan(TrainingSettings settings, String deviceReport, String configSha256,
        long trainableParameters, int trainingSamples, long trainingScans, int validationSamples,
        long validationScans, int batchesPerEpoch, int startEpoch, int startBatch,
        String source) {
}
