package org.nodulescope.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.preprocess.SampleManifest;

/**
 * The epochs of one run: each epoch's training steps and the validation after it, early
 * stopping, the checkpoints, the history and its plots, and the listener's
 * events. {@link Trainer} prepares the model, data and optimiser and hands them over.
 */
final class EpochLoop {

    private final TrainingSettings settings;
    private final TrainingListener listener;
    private final AtomicBoolean stopRequested;
    private final MaskRcnn model;
    private final TrainingData data;
    private final BatchLoader loader;
    private final Validator validator;
    private final AdamOptimizer adam;
    private final WeightAverage average;
    private final List<AdamOptimizer.Named> trainable;
    private final CheckpointStore checkpoints;
    private final TrainingStep trainingStep;
    private final String source;
    private final TrainingHistory historyFiles;
    private final InputRecipe recipe;
    private final HardNegativeMiner miner;
    private HardNegatives hard;
    private double secondsPerBatch = Double.NaN;
    private double secondsPerValidation = Double.NaN;
    private double secondsPerMining = Double.NaN;
    /** The findings of this epoch's validation, written with its record; null without one. */
    private List<ValidationFinding> lastFindings;

    EpochLoop(TrainingSettings settings, TrainingListener listener, AtomicBoolean stopRequested,
            MaskRcnn model, TrainingData data, BatchLoader loader, Validator validator,
            AdamOptimizer adam, WeightAverage average, List<AdamOptimizer.Named> trainable,
            CheckpointStore checkpoints, ReseedableRandom rpnRandom, ReseedableRandom roiRandom,
            String source, HardNegativeMiner miner, HardNegatives hard) {
        this.settings = settings;
        this.listener = listener;
        this.stopRequested = stopRequested;
        this.model = model;
        this.data = data;
        this.loader = loader;
        this.validator = validator;
        this.adam = adam;
        this.average = average;
        this.trainable = trainable;
        this.checkpoints = checkpoints;
        this.trainingStep = new TrainingStep(model, adam, rpnRandom, roiRandom);
        this.source = source;
        this.miner = miner;
        this.hard = hard;
        this.historyFiles = new TrainingHistory(settings.out(), settings.schedule());
        SampleManifest.Options o = data.manifest().options();
        this.recipe = new InputRecipe(o.slices(), o.clahe(), o.huLower(), o.huUpper(), true);
    }

    TrainingResult run(TrainingState initial) throws IOException {
        TrainingState state = initial;
        PhaseSchedule schedule = settings.schedule();
        EarlyStopping early = new EarlyStopping(settings.patience(), state.earlyStopping());
        TrainingPhase current = null;
        List<AdamOptimizer.Named> active = List.of();
        int epoch = state.nextEpoch();
        while (epoch <= schedule.totalEpochs()) {
            TrainingPhase phase = schedule.phaseOf(epoch);
            if (phase != current) {
                current = phase;
                active = Trainer.applyPhase(phase, trainable);
                listener.phaseStarted(phase, epoch, schedule.lastEpoch(phase));
            }
            EpochOutcome outcome = trainEpoch(epoch, phase, active, state);
            state = outcome.state();
            if (outcome.result() != null) {
                return finish(outcome.result());
            }
            boolean exhausted = outcome.record().validated()
                    && early.update(phase, outcome.record().metrics());
            try {
                state = afterEpoch(state, outcome.record(), early, phase);
            } catch (IOException e) {
                return finish(result(TrainingResult.Status.FAILED, checkpointFailure(e),
                        state));
            }
            if (stopRequested.get() && epoch < schedule.totalEpochs()) {
                return finish(result(TrainingResult.Status.STOPPED, "stopped after epoch "
                        + epoch + "; resume with --resume", state));
            }
            if (exhausted) {
                if (phase == TrainingPhase.JOINT || schedule.lastEpoch(phase)
                        == schedule.totalEpochs()) {
                    String text = "early stop after epoch " + epoch + ": neither F1 nor Dice"
                            + " improved for " + settings.patience() + " epochs";
                    return finish(result(TrainingResult.Status.EARLY_STOPPED, text, state));
                }
                if (epoch < schedule.lastEpoch(phase)) {
                    listener.message("the " + phase.label() + " phase ends after epoch "
                            + epoch + ": neither F1 nor Dice improved for "
                            + settings.patience() + " epochs");
                    epoch = schedule.lastEpoch(phase);
                    state = withNext(state, epoch + 1);
                    saveLast(state);
                }
            }
            epoch++;
        }
        return finish(result(TrainingResult.Status.COMPLETED, "all "
                + schedule.totalEpochs() + " epochs trained", state));
    }

    private TrainingResult finish(TrainingResult result) {
        listener.runFinished(result);
        return result;
    }

    private TrainingResult result(TrainingResult.Status status, String message,
            TrainingState state) {
        return new TrainingResult(status, message, state.history(), state.bestF1Epoch(),
                state.bestDiceEpoch(), settings.out());
    }

    /** The state of one epoch's training part, or the result that ended the run in it. */
    private record EpochOutcome(TrainingState state, EpochRecord record,
            TrainingResult result) {}

    private EpochOutcome trainEpoch(int epoch, TrainingPhase phase,
            List<AdamOptimizer.Named> active, TrainingState state) throws IOException {
        int batches = loader.batchesPerEpoch();
        int first = state.nextEpoch() == epoch ? state.nextBatch() : 0;
        Map<String, Double> sums = new LinkedHashMap<>(
                first > 0 ? state.partialLossSums() : Map.of());
        double seconds = first > 0 ? state.partialSeconds() : 0;
        long step = state.step();
        listener.epochStarted(epoch, phase, batches);
        double waited;
        try (BatchLoader.Epoch batchesOfEpoch = loader.epoch(epoch, first, hard)) {
            BatchLoader.Batch batch;
            while ((batch = batchesOfEpoch.next()) != null) {
                long t0 = System.nanoTime();
                Map<String, Double> losses;
                try {
                    losses = trainingStep.run(batch.samples(), phase, active,
                            BatchLoader.mix(settings.seed(), epoch, batch.index()),
                            rateFactor(phase, epoch, batch.index()));
                } catch (Trainer.NonFiniteLossException | AdamOptimizer.NonFiniteGradientException e) {
                    String text = String.format(Locale.ROOT, "epoch %d, batch %d: %s; the"
                            + " last good checkpoint stays in %s (epoch %d). Try a lower --lr"
                            + " or --clip-norm", epoch, batch.index() + 1, e.getMessage(),
                            checkpoints.folder(CheckpointStore.LAST), state.nextEpoch() - 1);
                    return new EpochOutcome(state, null,
                            result(TrainingResult.Status.FAILED, text, state));
                }
                step++;
                average.update(step);
                double dt = (System.nanoTime() - t0) / 1e9;
                seconds += dt;
                secondsPerBatch = Double.isNaN(secondsPerBatch) ? dt
                        : 0.9 * secondsPerBatch + 0.1 * dt;
                losses.forEach((k, v) -> sums.merge(k, v, Double::sum));
                listener.batchFinished(new BatchProgress(phase, epoch, batch.index() + 1,
                        batches, step, losses, secondsPerBatch, eta(epoch, batch.index())));
                if (stopRequested.get() && batch.index() + 1 < batches) {
                    return stopInEpoch(state, epoch, batch.index() + 1, step, sums, seconds,
                            "stopped in epoch " + epoch + " after batch " + (batch.index() + 1)
                            + " of " + batches);
                }
            }
            waited = batchesOfEpoch.waitedSeconds();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EpochOutcome(state, null, result(TrainingResult.Status.STOPPED,
                    "interrupted in epoch " + epoch, state));
        }
        int trainedBatches = batches;
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / trainedBatches));
        ValidationMetrics metrics = null;
        double validationSeconds = 0;
        double miningSeconds = 0;
        String work = "validation";
        lastFindings = null;
        try {
            if (settings.validation().validates(phase, settings.schedule())) {
                listener.validationStarted(epoch, data.validation().size());
                long v0 = System.nanoTime();
                Validator.Validation validation = average.applied(
                        () -> validator.validate(model, stopRequested::get));
                metrics = validation.metrics();
                lastFindings = ValidationFindings.of(validation);
                validationSeconds = (System.nanoTime() - v0) / 1e9;
                secondsPerValidation = validationSeconds;
            }
            if (settings.minesAfter(epoch)) {
                work = "hard-negative mining";
                miningSeconds = mine(epoch);
            }
        } catch (RunStopRequested e) {
            // the epoch's batches are trained: resume repeats only its validation and mining
            return stopInEpoch(state, epoch, batches, step, sums, seconds, "stopped in epoch "
                    + epoch + " after its last batch, during its " + work);
        }
        EpochRecord record = new EpochRecord(epoch, phase.label(),
                settings.optimiser().learningRate() * rateFactor(phase, epoch, batches - 1),
                means, metrics, batches, seconds, waited, validationSeconds, miningSeconds,
                lastFindings == null ? 0
                        : ValidationFindings.falsePositivesOnExcludedFindings(lastFindings));
        TrainingState next = new TrainingState(state.formatVersion(), state.configSha256(),
                state.seed(), state.schedule(), epoch + 1, 0, step, Map.of(), 0,
                adam.steps(), state.earlyStopping(), state.bestF1(), state.bestF1Epoch(),
                state.bestDice(), state.bestDiceEpoch(), state.history());
        return new EpochOutcome(next, record, null);
    }

    /**
     * Saves {@code last} where a stop request found the epoch, {@code nextBatch} batches in
     * (all of them when it came during the validation or the mining).
     */
    private EpochOutcome stopInEpoch(TrainingState state, int epoch, int nextBatch, long step,
            Map<String, Double> sums, double seconds, String text) {
        TrainingState stopped = new TrainingState(state.formatVersion(), state.configSha256(),
                state.seed(), state.schedule(), epoch, nextBatch, step, sums, seconds,
                adam.steps(), state.earlyStopping(), state.bestF1(), state.bestF1Epoch(),
                state.bestDice(), state.bestDiceEpoch(), state.history());
        try {
            saveLast(stopped);
        } catch (IOException e) {
            return new EpochOutcome(state, null, result(TrainingResult.Status.FAILED,
                    "stopped, but " + checkpointFailure(e), state));
        }
        listener.checkpointSaved(CheckpointStore.LAST, checkpoints.folder(CheckpointStore.LAST));
        return new EpochOutcome(stopped, null, result(TrainingResult.Status.STOPPED,
                text + "; resume with --resume", stopped));
    }

    /**
     * Replaces the mined hard negatives with the model's false positives of now.
     *
     * @return the seconds it took
     */
    private double mine(int epoch) throws IOException {
        listener.miningStarted(epoch, miner.sampleCount());
        long m0 = System.nanoTime();
        hard = miner.mine(model, epoch, stopRequested::get);
        double seconds = (System.nanoTime() - m0) / 1e9;
        secondsPerMining = seconds;
        listener.message(String.format(Locale.ROOT, "hard negatives after epoch %d: %d false"
                + " positives on %d of %d training samples (%.0f s)", epoch,
                hard.boxCount(), hard.boxes().size(), miner.sampleCount(), seconds));
        return seconds;
    }

    /** Records the epoch, writes the checkpoints, history and plots. */
    private TrainingState afterEpoch(TrainingState state, EpochRecord record,
            EarlyStopping early, TrainingPhase phase) throws IOException {
        List<EpochRecord> history = new ArrayList<>(state.history());
        history.add(record);
        ValidationMetrics m = record.metrics();
        boolean eligible = record.validated()
                && ValidationSchedule.eligible(phase, settings.schedule());
        boolean betterF1 = eligible && m.f1() > state.bestF1();
        boolean betterDice = eligible && !Double.isNaN(m.dice()) && m.dice() > state.bestDice();
        TrainingState next = new TrainingState(state.formatVersion(), state.configSha256(),
                state.seed(), state.schedule(), state.nextEpoch(), 0, state.step(), Map.of(),
                0, adam.steps(), early.state(),
                betterF1 ? m.f1() : state.bestF1(),
                betterF1 ? record.epoch() : state.bestF1Epoch(),
                betterDice ? m.dice() : state.bestDice(),
                betterDice ? record.epoch() : state.bestDiceEpoch(), history);
        listener.epochFinished(record);
        saveLast(next);
        listener.checkpointSaved(CheckpointStore.LAST, checkpoints.folder(CheckpointStore.LAST));
        if (betterF1) {
            checkpoints.copyLastAs(CheckpointStore.BEST_F1);
            listener.checkpointSaved(CheckpointStore.BEST_F1,
                    checkpoints.folder(CheckpointStore.BEST_F1));
        }
        if (betterDice) {
            checkpoints.copyLastAs(CheckpointStore.BEST_DICE);
            listener.checkpointSaved(CheckpointStore.BEST_DICE,
                    checkpoints.folder(CheckpointStore.BEST_DICE));
        }
        historyFiles.write(history);
        if (lastFindings != null) {
            Path table = ValidationFindings.file(settings.out(), record.epoch());
            ValidationFindings.write(table, lastFindings);
            listener.message(ValidationFindings.summary(record.epoch(), lastFindings, table));
            listener.validationFindings(record.epoch(), lastFindings);
        }
        return next;
    }

    /** Writes {@code last}: the model folder holds what is validated, the average if any. */
    private void saveLast(TrainingState state) throws IOException {
        checkpoints.saveLast(model, description(state), recipe, state, adam, average, hard);
    }

    private String checkpointFailure(IOException e) {
        return "a checkpoint could not be written in " + settings.out() + " ("
                + e.getMessage() + "); the previous checkpoint there is intact. Free disk"
                + " space and resume with --resume";
    }

    private TrainingState withNext(TrainingState s, int nextEpoch) {
        return new TrainingState(s.formatVersion(), s.configSha256(), s.seed(),
                s.schedule(), nextEpoch, 0, s.step(), Map.of(), 0, s.adamSteps(),
                s.earlyStopping(), s.bestF1(), s.bestF1Epoch(), s.bestDice(),
                s.bestDiceEpoch(), s.history());
    }

    private String description(TrainingState s) {
        int done = s.nextEpoch() - 1;
        return String.format(Locale.ROOT, "nodulescope train: %s, epoch %d of %s, seed %d,"
                + " data %s, started from %s", s.nextBatch() > 0 ? "stopped in epoch "
                + s.nextEpoch() : "after epoch " + done, done, s.schedule(), s.seed(),
                data.folder().toAbsolutePath().normalize(), source);
    }

    /** The schedule's factor for a batch: steps of the phase (or run) before it, of all. */
    private double rateFactor(TrainingPhase phase, int epoch, int batchIndex) {
        PhaseSchedule schedule = settings.schedule();
        long batches = loader.batchesPerEpoch();
        int first = schedule.lastEpoch(phase) - schedule.epochs(phase) + 1;
        long stepOfPhase = (epoch - first) * batches + batchIndex;
        double warmup = settings.warmupFactor(stepOfPhase);
        if (!settings.rateSchedule().restartsPerPhase()) {
            return warmup * settings.rateSchedule().factor((epoch - 1) * batches + batchIndex,
                    schedule.totalEpochs() * batches);
        }
        return warmup * settings.rateSchedule().factor(stepOfPhase,
                schedule.epochs(phase) * batches);
    }

    private double eta(int epoch, int batchIndex) {
        PhaseSchedule schedule = settings.schedule();
        int batches = loader.batchesPerEpoch();
        long left = (long) (schedule.totalEpochs() - epoch) * batches
                + (batches - batchIndex - 1);
        int validated = 0;
        int minings = 0;
        for (int e = epoch; e <= schedule.totalEpochs(); e++) {
            if (settings.validation().validates(schedule.phaseOf(e), schedule)) {
                validated++;
            }
            if (settings.minesAfter(e)) {
                minings++;
            }
        }
        double validations = Double.isNaN(secondsPerValidation) ? 0
                : secondsPerValidation * validated;
        // before the first mining its cost is unknown: about a validation per sample mined
        double perMining = !Double.isNaN(secondsPerMining) ? secondsPerMining
                : Double.isNaN(secondsPerValidation) || data.validation().isEmpty() ? 0
                : secondsPerValidation * miner.sampleCount() / data.validation().size();
        return left * secondsPerBatch + validations + perMining * minings;
    }

}
