package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.nodulescope.app.task.EtaEstimate;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.StepTimer;
import org.nodulescope.train.TrainingData;

/**
 * How long a run will take, from a training step measured on its own data and model
 * ({@link StepTimer}): every remaining epoch's training batches, plus its validation counted
 * at the price of a training step a batch. Validation only runs the network forward, so the
 * figure is an upper bound; early stopping can end the run sooner still.
 *
 * @param secondsPerStep the measured seconds of one training step, data pipeline included
 * @param batchesPerEpoch training batches an epoch
 * @param validationBatches validation batches an epoch
 * @param epochs epochs still to train
 */
public record RunTimeEstimate(double secondsPerStep, int batchesPerEpoch, int validationBatches,
        int epochs) {

    /** Steps timed after one untimed warm-up step. */
    static final int TIMED_STEPS = 2;

    /** @return the estimate in seconds */
    public double seconds() {
        return (double) epochs * (batchesPerEpoch + validationBatches) * secondsPerStep;
    }

    /** @return one sentence for the wizard's summary and the dashboard */
    public String text() {
        return String.format(Locale.ROOT, "at most about %s: %d epoch(s) of %d training and %d"
                + " validation batches at %.2f s a step (measured)",
                EtaEstimate.format(Duration.ofMillis((long) (seconds() * 1000))), epochs,
                batchesPerEpoch, validationBatches, secondsPerStep);
    }

    /**
     * Measures a step of the request on its (preprocessed) data; for a resumed run, of the
     * run's own model over the epochs it has left.
     *
     * @throws IOException when the data or the model cannot be read
     */
    static RunTimeEstimate measure(TrainingRequest request) throws IOException {
        MaskRcnnConfig config = request.resume()
                ? MaskRcnnConfig.fromJson(ModelFolder.readConfig(request.out().resolve("last")))
                : request.config();
        TrainingData data = TrainingData.open(request.samples(),
                config.backbone().inputChannels());
        StepTimer.Timing t = StepTimer.measure(data, config, request.batchSize(),
                Augmentation.standard(), 1, TIMED_STEPS, request.device(), false);
        int done = request.resume() ? lastEpoch(request.out()) : 0;
        int batch = request.batchSize();
        return new RunTimeEstimate(t.secondsPerStep(),
                (data.training().size() + batch - 1) / batch,
                (data.validation().size() + batch - 1) / batch,
                Math.max(0, request.schedule().totalEpochs() - done));
    }

    private static int lastEpoch(Path out) throws IOException {
        return RunCheckpoints.of(out).stream()
                .filter(c -> c.name().equals(RunCheckpoints.NAMES.get(2)))
                .mapToInt(RunCheckpoints.Checkpoint::epoch).findFirst().orElse(0);
    }
}
