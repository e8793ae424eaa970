package org.nodulescope.train;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * Events of a training run, for the console progress bar and the app's dashboard alike. Called
 * on the training thread: implementations hand work to their own thread (the app to the JavaFX
 * thread) and return quickly.
 */
public interface TrainingListener {

    /**
     * @param plan what the run will do
     */
    default void runStarted(TrainingPlan plan) {}

    /**
     * @param phase the phase that begins
     * @param firstEpoch its first epoch
     * @param lastEpoch its last scheduled epoch
     */
    default void phaseStarted(TrainingPhase phase, int firstEpoch, int lastEpoch) {}

    /**
     * @param epoch 1-based epoch
     * @param phase its phase
     * @param batches training batches in it
     */
    default void epochStarted(int epoch, TrainingPhase phase, int batches) {}

    /** @param progress the batch just trained */
    default void batchFinished(BatchProgress progress) {}

    /**
     * @param epoch the epoch being validated
     * @param samples validation samples
     */
    default void validationStarted(int epoch, int samples) {}

    /**
     * @param epoch the epoch after which the training split is mined for false positives
     * @param samples training samples looked at
     */
    default void miningStarted(int epoch, int samples) {}

    /** @param record the finished epoch with its validation */
    default void epochFinished(EpochRecord record) {}

    /**
     * After {@link #epochFinished} of a validated epoch, once its findings table is written.
     *
     * @param epoch the validated epoch
     * @param findings its merged predictions and missed nodules, scan by scan
     */
    default void validationFindings(int epoch, List<ValidationFinding> findings) {}

    /**
     * A resumed run's past, before its first new event: what a view that was not there when
     * those epochs ran needs to show them.
     *
     * @param history every epoch finished so far
     * @param findings the findings of each validated one, by epoch (those whose table could
     *     not be read are left out, with a {@link #message})
     */
    default void resumed(List<EpochRecord> history,
            SortedMap<Integer, List<ValidationFinding>> findings) {}

    /**
     * @param name last, best-f1 or best-dice
     * @param folder where it now lives
     */
    default void checkpointSaved(String name, Path folder) {}

    /** @param text a note or warning worth showing (early stop, resumed, skipped phase) */
    default void message(String text) {}

    /** @param result how the run ended */
    default void runFinished(TrainingResult result) {}
}
