package org.nodulescope.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ScratchInitialisation;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Runs the paper's three-phase schedule (SPEC §4) on a {@code preprocess} output: Adam steps on
 * the parameters the phase trains, validation after every epoch with the nodule-level protocol,
 * early stopping per phase, the {@code last}, {@code best-f1} and {@code best-dice} checkpoints,
 * the history and its plots, and events for a listener.
 *
 * <p>A run can be stopped between batches ({@link #requestStop()}), and {@code --resume}
 * continues it as if it had never stopped: the model, Adam's moments and step counts and the
 * place in the epoch come from {@code last}, and every random draw derives from
 * (seed, epoch, position), not from generator state.
 */
public final class Trainer {

    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * @param settings what to do
     * @param listener who hears about it
     */
    public Trainer(TrainingSettings settings, TrainingListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Asks the run to stop after the current batch (of training, validation or mining) and write
     * {@code last}; safe from any thread.
     */
    public void requestStop() {
        stopRequested.set(true);
    }

    /**
     * Runs the schedule to its end, an early stop, a stop request or a failure.
     *
     * @return how it ended
     * @throws IOException when the data, the run folder or a model folder cannot be used (before
     *     training starts); failures during training end in a {@code FAILED} result instead
     */
    public TrainingResult run() throws IOException {
        // libtorch records autograd per thread, and DJL switches it off only on the thread that
        // started the engine: on any other (the app's workers) initialising or loading weights
        // in place fails. Steps switch it on inside their gradient collector.
        boolean recording = GradMode.enabled().orElse(false);
        GradMode.set(false);
        try {
            return runWithoutRecording();
        } finally {
            if (recording) {
                GradMode.set(true);
            }
        }
    }

    private TrainingResult runWithoutRecording() throws IOException {
        ComputeDevice.Choice device = ComputeDevice.choose(settings.device());
        CheckpointStore checkpoints = new CheckpointStore(settings.out());
        ReseedableRandom rpnRandom = new ReseedableRandom();
        ReseedableRandom roiRandom = new ReseedableRandom();
        MaskRcnn.Sampling sampling = TrainingStep.sampling(rpnRandom, roiRandom,
                settings.hardRoiShare());
        try (NDManager root = NDManager.newBaseManager(device.device())) {
            Start start = start(root, sampling, checkpoints);
            MaskRcnn model = start.model();
            MaskRcnnConfig config = model.config();
            TrainingData data = TrainingData.open(settings.data(),
                    config.backbone().inputChannels());
            List<AdamOptimizer.Named> trainable = trainableParameters(model);
            BatchLoader loader = new BatchLoader(data.folder(), data.training(),
                    new SampleAugmenter(settings.augmentation()), settings.batchSize(),
                    settings.seed(), true, settings.prefetch());
            Validator validator = new Validator(data, settings.batchSize());
            try (AdamOptimizer adam = new AdamOptimizer(settings.optimiser(), root);
                    WeightAverage average = WeightAverage.of(model, start.weightAverage())) {
                TrainingState state = start.state();
                HardNegatives hard = HardNegatives.none();
                if (start.resumed()) {
                    Path last = checkpoints.folder(CheckpointStore.LAST);
                    adam.load(last.resolve(TrainingState.OPTIMISER_FILE), state.adamSteps());
                    average.loadTrainingWeights(last);
                    hard = HardNegatives.readFrom(last);
                }
                long count = trainable.stream()
                        .mapToLong(p -> p.parameter().getArray().size()).sum();
                listener.runStarted(new TrainingPlan(
                        settings.withWeightAverage(start.weightAverage()), device.report(),
                        config.hash(), count, data.training().size(), data.trainingScans(),
                        data.validation().size(), data.validationScans(),
                        loader.batchesPerEpoch(), state.nextEpoch(), state.nextBatch(),
                        start.source()));
                EpochLoop loop = new EpochLoop(settings, listener, stopRequested, model, data,
                        loader, validator, adam, average, trainable, checkpoints, rpnRandom,
                        roiRandom, start.source(),
                        new HardNegativeMiner(data, settings.batchSize()), hard);
                return loop.run(state);
            }
        }
    }

    /** The model and the state a run begins with. */
    private record Start(MaskRcnn model, TrainingState state, boolean resumed, String source,
            double weightAverage) {}

    private Start start(NDManager root, MaskRcnn.Sampling sampling, CheckpointStore checkpoints)
            throws IOException {
        Path out = settings.out();
        if (settings.resume()) {
            RunFolder.RunInfo run = RunFolder.read(out);
            checkpoints.recover();
            Path last = checkpoints.folder(CheckpointStore.LAST);
            TrainingState state = TrainingState.read(last.resolve(TrainingState.FILE_NAME));
            MaskRcnn model = MaskRcnn.load(last, root, sampling);
            if (settings.config() != null
                    && !scratchConfig(settings.config()).hash().equals(run.configSha256())) {
                throw new org.nodulescope.io.DataFileException(out, "holds a run of another model"
                        + " configuration than --config asks for; resume without --config or"
                        + " choose another --out folder");
            }
            if (state.seed() != settings.seed()) {
                listener.message("resuming with the run's own seed " + state.seed() + ", not "
                        + settings.seed());
            }
            if (!state.schedule().equals(settings.schedule().toString())) {
                listener.message("resuming with the schedule " + settings.schedule()
                        + " (the run began with " + state.schedule() + ")");
            }
            listener.message("resuming at epoch " + state.nextEpoch() + ", batch "
                    + (state.nextBatch() + 1) + " from " + last);
            if (run.recipe() != null) {
                for (String change : RunRecipe.of(settings).differences(run.recipe())) {
                    listener.message("resuming with " + change);
                }
            }
            if (run.weightAverage() != settings.weightAverage()) {
                listener.message("resuming with the run's own --ema " + run.weightAverage()
                        + ", not " + settings.weightAverage());
            }
            listener.resumed(state.history(), ValidationFindings.readAll(out,
                    e -> listener.message("an earlier validation's findings are left out: "
                            + e.getMessage())));
            return new Start(model, state, true, run.source(), run.weightAverage());
        }
        MaskRcnn model;
        String source;
        if (settings.init() != null) {
            model = MaskRcnn.load(settings.init(), root, sampling);
            source = settings.init().toAbsolutePath().normalize().toString();
        } else {
            model = MaskRcnn.of(scratchConfig(settings.config()), sampling);
            model.initialize(root, DataType.FLOAT32);
            ScratchInitialisation.apply(model, settings.seed());
            source = "scratch";
        }
        RunFolder.create(out, new RunFolder.RunInfo(model.config().hash(),
                model.config().toJson(), settings.data().toAbsolutePath().normalize().toString(),
                settings.seed(), settings.schedule().toString(), source,
                settings.weightAverage(), RunRecipe.of(settings)));
        TrainingState state = new TrainingState(TrainingState.FORMAT_VERSION,
                model.config().hash(), settings.seed(), settings.schedule().toString(), 1, 0, 0,
                Map.of(), 0, Map.of(), EarlyStopping.State.start(settings.schedule().phaseOf(1)),
                -1, 0, -1, 0, List.of());
        return new Start(model, state, false, source, settings.weightAverage());
    }

    /**
     * A configuration for training from scratch: trainable BatchNorm, since frozen statistics
     * of a fresh network would normalise nothing.
     *
     * @param config the requested configuration
     * @return it with trainable BatchNorm
     */
    public static MaskRcnnConfig scratchConfig(MaskRcnnConfig config) {
        return config.withTrainableBatchNorm();
    }

    /** Every parameter that takes optimiser steps in some phase (buffers never do). */
    static List<AdamOptimizer.Named> trainableParameters(MaskRcnn model) {
        List<AdamOptimizer.Named> out = new ArrayList<>();
        for (TorchvisionParameterNames.Entry e : TorchvisionParameterNames.of(model, "")) {
            if (!e.buffer() && e.parameter().requiresGradient()) {
                out.add(new AdamOptimizer.Named(e.name(), e.parameter()));
            }
        }
        return out;
    }

    /**
     * Freezes what the phase does not train and unfreezes the rest.
     *
     * @param phase the phase
     * @param trainable every parameter that trains in some phase
     * @return those that train in this one
     */
    static List<AdamOptimizer.Named> applyPhase(TrainingPhase phase,
            List<AdamOptimizer.Named> trainable) {
        List<AdamOptimizer.Named> active = new ArrayList<>();
        for (AdamOptimizer.Named p : trainable) {
            boolean trains = phase.trains(p.name());
            p.parameter().freeze(!trains);
            if (trains) {
                active.add(p);
            }
        }
        return active;
    }

    /** A NaN or infinite training loss: the run stops before the step. */
    static final class NonFiniteLossException extends RuntimeException {
        NonFiniteLossException(String message) {
            super(message);
        }
    }
}
