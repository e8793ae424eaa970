package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.nodulescope.app.task.EtaEstimate;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.StepTimer;
import org.nodulescope.train.TrainingData;
import org.nodulescope.train.TrainingSample;
import org.nodulescope.train.TrainingSettings;

/**
 * How long a run will take, from a training step measured on its own data, model, training
 * windows and hardest-RoI share ({@link StepTimer}): every remaining epoch's training batches, plus the validations
 * and hard-negative minings the settings schedule, each batch of whole slices counted at the
 * price of a training step scaled by the slice's pixels over the window's. Inference runs the
 * network forward only, so the figure is an upper bound; early stopping can end the run sooner
 * still.
 *
 * @param secondsPerStep the measured seconds of one training step, data pipeline included
 * @param batchesPerEpoch training batches an epoch
 * @param validationBatches validation batches of one validation
 * @param epochs epochs still to train
 * @param validations validations still to run
 * @param minings hard-negative minings still to run, each over the training batches
 * @param wholeSliceFactor a whole-slice batch's price in training steps (slice pixels over
 *     training-window pixels, 1 without windows)
 */
public record RunTimeEstimate(double secondsPerStep, int batchesPerEpoch, int validationBatches,
        int epochs, int validations, int minings, double wholeSliceFactor) {

    /** Steps timed after one untimed warm-up step. */
    static final int TIMED_STEPS = 2;

    /** The paper's schedule: every epoch validated, nothing mined, whole slices. */
    public RunTimeEstimate(double secondsPerStep, int batchesPerEpoch, int validationBatches,
            int epochs) {
        this(secondsPerStep, batchesPerEpoch, validationBatches, epochs, epochs, 0, 1);
    }

    /** @return the estimate in seconds */
    public double seconds() {
        double wholeSliceBatches = (double) validations * validationBatches
                + (double) minings * batchesPerEpoch;
        return ((double) epochs * batchesPerEpoch + wholeSliceBatches * wholeSliceFactor)
                * secondsPerStep;
    }

    /** @return one sentence for the wizard's summary and the dashboard */
    public String text() {
        String mined = minings == 0 ? "" : String.format(Locale.ROOT, ", %d mining(s) of the"
                + " training samples", minings);
        return String.format(Locale.ROOT, "at most about %s: %d epoch(s) of %d training"
                + " batches, %d validation(s) of %d batches%s, at %.2f s a step (measured)",
                EtaEstimate.format(Duration.ofMillis((long) (seconds() * 1000))), epochs,
                batchesPerEpoch, validations, validationBatches, mined, secondsPerStep);
    }

    /**
     * Measures a step of the request on its (preprocessed) data with its training windows; for
     * a resumed run, of the run's own model over the epochs it has left.
     *
     * @throws IOException when the data or the model cannot be read
     */
    static RunTimeEstimate measure(TrainingRequest request) throws IOException {
        MaskRcnnConfig config = request.resume()
                ? MaskRcnnConfig.fromJson(ModelFolder.readConfig(request.out().resolve("last")))
                : request.config();
        TrainingSettings settings = request.settings();
        TrainingData data = TrainingData.open(request.samples(),
                config.backbone().inputChannels());
        StepTimer.Timing t = StepTimer.measure(data, config, request.batchSize(),
                settings.augmentation(), settings.hardRoiShare(), 1, TIMED_STEPS,
                request.device(), false);
        int done = request.resume() ? lastEpoch(request.out()) : 0;
        int batch = request.batchSize();
        PhaseSchedule schedule = settings.schedule();
        int validations = 0;
        int minings = 0;
        for (int e = done + 1; e <= schedule.totalEpochs(); e++) {
            validations += settings.validation().validates(schedule.phaseOf(e), schedule) ? 1 : 0;
            minings += settings.minesAfter(e) ? 1 : 0;
        }
        double factor = 1;
        int window = settings.augmentation().cropSize();
        if (window > 0 && !data.training().isEmpty()) {
            TrainingSample first = TrainingSample.read(data.folder(), data.training().get(0));
            factor = Math.max(1, (double) first.width() * first.height() / ((double) window
                    * window));
        }
        return new RunTimeEstimate(t.secondsPerStep(),
                (data.training().size() + batch - 1) / batch,
                (data.validation().size() + batch - 1) / batch,
                Math.max(0, schedule.totalEpochs() - done), validations, minings, factor);
    }

    private static int lastEpoch(Path out) throws IOException {
        return RunCheckpoints.of(out).stream()
                .filter(c -> c.name().equals(RunCheckpoints.NAMES.get(2)))
                .mapToInt(RunCheckpoints.Checkpoint::epoch).findFirst().orElse(0);
    }
}
