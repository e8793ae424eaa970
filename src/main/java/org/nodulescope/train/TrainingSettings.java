package org.nodulescope.train;

import java.nio.file.Path;
import java.util.Objects;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;

/**
 * Everything a training run is asked to do. Numbers default to the paper's (SPEC §4) in
 * {@link #paper(Path, Path)}.
 *
 * @param data the {@code preprocess} output to train on
 * @param out the run folder (checkpoints, history, plots)
 * @param config the model for a run from scratch; trainable BatchNorm is switched on for it
 *     (frozen statistics with nothing to freeze would leave the network unnormalised). Ignored
 *     with {@code init}, whose folder carries its own configuration; with {@code resume}, null
 *     takes the run's, and anything else must equal it
 * @param schedule epochs of each phase
 * @param batchSize samples per optimiser step
 * @param optimiser Adam's settings (rate 1e-4; optional gradient clipping)
 * @param patience epochs without improvement of F1 or Dice that end a phase early (and the run,
 *     in the last phase)
 * @param seed seeds the initialisation, the sample order, augmentation and the samplers
 * @param device where the network runs
 * @param init a model folder to start from instead of from scratch, or null
 * @param resume continue the run in {@code out} from its {@code last} checkpoint
 * @param augmentation what is done to training samples
 * @param prefetch batches prepared ahead of the model
 * @param options what the run does beyond the paper's recipe ({@link RunOptions#paper()}:
 *     nothing)
 */
public record TrainingSettings(Path data, Path out, MaskRcnnConfig config,
        PhaseSchedule schedule, int batchSize, AdamOptimizer.Settings optimiser, int patience,
        long seed, ComputeDevice.Request device, Path init, boolean resume,
        Augmentation augmentation, int prefetch, RunOptions options) {

    public TrainingSettings {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(out, "out");
        if (config == null && !resume) {
            throw new IllegalArgumentException("a new run needs a model configuration");
        }
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(optimiser, "optimiser");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(options, "options");
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("--patience must be at least 1, got " + patience);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        if (init != null && resume) {
            throw new IllegalArgumentException("--init and --resume exclude each other: a resumed"
                    + " run continues from its own last checkpoint");
        }
    }

    /** Settings with a rate schedule, weight average and validation, nothing mined. */
    public TrainingSettings(Path data, Path out, MaskRcnnConfig config, PhaseSchedule schedule,
            int batchSize, AdamOptimizer.Settings optimiser, int patience, long seed,
            ComputeDevice.Request device, Path init, boolean resume, Augmentation augmentation,
            int prefetch, RateSchedule rateSchedule, double weightAverage,
            ValidationSchedule validation) {
        this(data, out, config, schedule, batchSize, optimiser, patience, seed, device, init,
                resume, augmentation, prefetch, RunOptions.paper().withRateSchedule(rateSchedule)
                        .withWeightAverage(weightAverage).withValidation(validation));
    }

    /**
     * @param value the options beyond the paper
     * @return these settings with them
     */
    public TrainingSettings withOptions(RunOptions value) {
        return new TrainingSettings(data, out, config, schedule, batchSize, optimiser, patience,
                seed, device, init, resume, augmentation, prefetch, value);
    }

    /**
     * @param every epochs between minings of hard negatives, 0 for never
     * @return these settings with it
     */
    public TrainingSettings withHardNegatives(int every) {
        return withOptions(options.withHardNegatives(every));
    }

    /**
     * @param share the share of the RoI heads' negatives taken hardest first, 0 for none
     * @return these settings with it
     */
    public TrainingSettings withHardRois(double share) {
        return withOptions(options.withHardRois(share));
    }

    /**
     * @param steps steps at the start of each phase over which the rate ramps up, 0 for none
     * @return these settings with it
     */
    public TrainingSettings withPhaseWarmup(int steps) {
        return withOptions(options.withPhaseWarmup(steps));
    }

    /** @return {@link RunOptions#rateSchedule()} */
    public RateSchedule rateSchedule() {
        return options.rateSchedule();
    }

    /** @return {@link RunOptions#weightAverage()} */
    public double weightAverage() {
        return options.weightAverage();
    }

    /** @return {@link RunOptions#validation()} */
    public ValidationSchedule validation() {
        return options.validation();
    }

    /** @return {@link RunOptions#hardNegativeEvery()} */
    public int hardNegativeEvery() {
        return options.hardNegativeEvery();
    }

    /** @return {@link RunOptions#hardRoiShare()} */
    public double hardRoiShare() {
        return options.hardRoiShare();
    }

    /** @return {@link RunOptions#phaseWarmup()} */
    public int phaseWarmup() {
        return options.phaseWarmup();
    }

    /**
     * The share of the scheduled rate a step of a phase takes during the phase's warm-up:
     * {@code (k + 1) / phaseWarmup} for its k-th step (from 0), then 1. Why: a phase that trains
     * blocks the previous one froze (the joint phase, after the mask phase) meets Adam moments
     * that describe the old gradients; the validation false positives of 30-minute runs jumped
     * five- to tenfold in the second joint epoch, and recovered two epochs later.
     *
     * @param stepOfPhase steps of the phase taken before this one
     * @return the factor, in (0, 1]
     */
    public double warmupFactor(long stepOfPhase) {
        int steps = phaseWarmup();
        return steps == 0 ? 1 : Math.min(1, (stepOfPhase + 1) / (double) steps);
    }

    /**
     * Whether the hard negatives are mined after an epoch: every {@link #hardNegativeEvery}
     * epochs of a phase that trains the detector, but not after the run's last epoch.
     *
     * @param epoch the epoch just trained
     * @return whether to mine now
     */
    public boolean minesAfter(int epoch) {
        int every = hardNegativeEvery();
        return every > 0 && epoch % every == 0
                && epoch < schedule.totalEpochs()
                && schedule.phaseOf(epoch) != TrainingPhase.SEGMENTATION;
    }

    /**
     * @param decay the weight average's decay a resumed run keeps from its own start
     * @return these settings with it
     */
    public TrainingSettings withWeightAverage(double decay) {
        return withOptions(options.withWeightAverage(decay));
    }

    /**
     * The paper's run: 9/5/21 epochs, batch 4, Adam 1e-4 constant, no clipping, patience 5, standard
     * augmentation, no weight average, validation after every epoch, from scratch on the CPU or
     * GPU.
     *
     * @param data the preprocess output
     * @param out the run folder
     * @return the settings
     */
    public static TrainingSettings paper(Path data, Path out) {
        return new TrainingSettings(data, out, MaskRcnnConfig.paper(), PhaseSchedule.paper(), 4,
                AdamOptimizer.Settings.of(1e-4, 0), 5, 42, ComputeDevice.Request.AUTO, null,
                false, Augmentation.standard(), 3, RateSchedule.CONSTANT, 0,
                ValidationSchedule.EVERY_EPOCH);
    }
}
