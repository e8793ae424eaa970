package org.nodulescope.app.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.EtaEstimate;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.app.viewer.CaseTarget;
import org.nodulescope.app.viewer.DetectionModel;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.train.BatchProgress;
import org.nodulescope.train.EpochRecord;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.TrainingPhase;
import org.nodulescope.train.TrainingPlan;
import org.nodulescope.train.TrainingResult;
import org.nodulescope.train.ValidationFinding;

/**
 * The training dashboard's state: where the run is (preprocessing, phase, epoch, batch, ETA),
 * the averaged losses of every named loss and the validation metrics of every epoch for the
 * charts, the phase boundaries, each validation's findings nodule by nodule, the messages, how
 * the run ended, and the checkpoints it left to load into the viewer. The run itself is a
 * {@link TrainingJob} on a background worker; its events reach this model through the
 * user-interface thread. JavaFX thread only.
 */
public final class DashboardModel {

    /** Where the run stands. */
    public enum State {
        IDLE, PREPROCESSING, TRAINING, STOPPING, STOPPED, FINISHED, FAILED;

        /** @return whether a job is working */
        public boolean active() {
            return this == PREPROCESSING || this == TRAINING || this == STOPPING;
        }
    }

    private final TaskExecutor executor;
    private final Executor uiThread;
    private final DetectionModel detection;
    private final Consumer<CaseTarget> caseViewer;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.IDLE);
    private final StringProperty stage = new SimpleStringProperty("");
    private final StringProperty eta = new SimpleStringProperty("");
    private final StringProperty estimate = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final RunCurves curves = new RunCurves();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<RunCheckpoints.Checkpoint> checkpoints =
            FXCollections.observableArrayList();
    private final ValidationFindingsModel findings = new ValidationFindingsModel();
    private final ObjectProperty<TrainingRequest> request = new SimpleObjectProperty<>();
    private TrainingJob job;
    private TaskHandle handle = TaskHandle.DONE;

    /**
     * @param executor runs the job in the background
     * @param uiThread hands the job's events to the user-interface thread
     * @param detection where a chosen checkpoint is loaded for detection
     * @param caseViewer shows a scan at a point in the viewer (a validation finding)
     */
    public DashboardModel(TaskExecutor executor, Executor uiThread, DetectionModel detection,
            Consumer<CaseTarget> caseViewer) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.uiThread = Objects.requireNonNull(uiThread, "uiThread");
        this.detection = Objects.requireNonNull(detection, "detection");
        this.caseViewer = Objects.requireNonNull(caseViewer, "caseViewer");
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    /** @return what the run is doing: phase, epoch and batch, or the preprocessing's scan */
    public StringProperty stageProperty() {
        return stage;
    }

    /** @return the time left, from the trainer's pace */
    public StringProperty etaProperty() {
        return eta;
    }

    /** @return the run-time estimate from the measured step, when known */
    public StringProperty estimateProperty() {
        return estimate;
    }

    /** @return how the run ended, one sentence */
    public StringProperty outcomeProperty() {
        return outcome;
    }

    /** @return share of the current step (preprocessing, or the epoch) done, 0..1 */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** @return averaged losses in the order they came, every name mixed */
    public ObservableList<LossAverager.LossPoint> losses() {
        return curves.losses();
    }

    /** @return every finished epoch with its validation metrics */
    public ObservableList<EpochRecord> epochs() {
        return curves.epochs();
    }

    /** @return where a phase begins after the first, in epochs from the start (x of the charts) */
    public ObservableList<Double> boundaries() {
        return curves.boundaries();
    }

    public ObservableList<String> log() {
        return log;
    }

    /** @return the run's checkpoints once it ended (best-F1, best-Dice, last) */
    public ObservableList<RunCheckpoints.Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** @return each validation's findings, nodule by nodule, with the one shown */
    public ValidationFindingsModel findings() {
        return findings;
    }

    public ReadOnlyObjectProperty<TrainingRequest> requestProperty() {
        return request;
    }

    /** Starts a run in the background; events update this model as they come. */
    public void start(TrainingRequest r) {
        if (state.get().active()) {
            throw new IllegalStateException("a run is already going");
        }
        request.set(r);
        checkpoints.clear();
        outcome.set("");
        eta.set("");
        curves.start(r.schedule(), r.resume());
        if (!r.resume()) {
            log.clear();
            findings.clear();
            estimate.set("");
        }
        state.set(r.needsPreprocessing() ? State.PREPROCESSING : State.TRAINING);
        stage.set(r.needsPreprocessing() ? "Preprocessing " + r.data().getFileName()
                : "Starting");
        TrainingJob j = new TrainingJob(r, new Relay());
        job = j;
        handle = executor.execute(BackgroundTask.of("Training", ctx -> j.run())
                .onSuccess(this::finished)
                .onCancelled(this::stoppedEarly)
                .onFailure(this::failed));
    }

    /** Stops the run: between scans while preprocessing, after the batch in training. */
    public void stop() {
        if (job != null && state.get().active()) {
            job.requestStop();
            state.set(State.STOPPING);
            stage.set("Stopping after the current " + (curves.empty()
                    ? "step" : "batch") + "; writing last/");
        }
    }

    /** @return whether a stopped run can continue from its {@code last/} checkpoint */
    public boolean canResume() {
        TrainingRequest r = request.get();
        return state.get() == State.STOPPED && r != null
                && RunCheckpoints.holdsRun(r.out());
    }

    /** Continues a stopped run from its {@code last/} checkpoint. */
    public void resume() {
        TrainingRequest r = request.get();
        if (!canResume()) {
            return;
        }
        try {
            start(r.resumed(RunCheckpoints.data(r.out())));
        } catch (java.io.IOException e) {
            failed(e);
        }
    }

    /** Loads a checkpoint into the viewer's detection, as File > Open model folder does. */
    public void load(RunCheckpoints.Checkpoint checkpoint) {
        detection.openModel(checkpoint.folder());
    }

    /**
     * Shows a validation finding in the viewer: its scan (found in the data set the samples
     * were cut from, in the background), at its slice, centred on its box. What it is goes to
     * the messages; a scan that cannot be found is said there too.
     */
    public void showInViewer(ValidationFinding finding) {
        TrainingRequest r = request.get();
        if (r == null || finding == null) {
            return;
        }
        executor.execute(BackgroundTask.of("Finding the scan",
                        ctx -> FindingCase.of(r.samples(), finding))
                .onSuccess(target -> {
                    log.add("In the viewer: " + ValidationFindingsModel.describe(finding)
                            .replace("\n", "; "));
                    caseViewer.accept(target);
                })
                .onFailure(e -> log.add("Cannot show " + finding.status() + " of "
                        + finding.seriesUid() + " in the viewer: " + ViewerModel.message(e))));
    }

    /** Cancels the background job outright, for a viewer that closes. */
    public void shutdown() {
        if (job != null) {
            job.requestStop();
        }
        handle.cancel();
    }

    private void finished(TrainingResult r) {
        outcome.set(r.message());
        eta.set("");
        state.set(switch (r.status()) {
            case COMPLETED, EARLY_STOPPED -> State.FINISHED;
            case STOPPED -> State.STOPPED;
            case FAILED -> State.FAILED;
        });
        stage.set(switch (r.status()) {
            case COMPLETED, EARLY_STOPPED -> "Done: choose a checkpoint to load into the viewer";
            case STOPPED -> "Stopped: Resume continues from last/";
            case FAILED -> "Failed";
        });
        readCheckpoints(r.out());
    }

    private void stoppedEarly() {
        state.set(State.STOPPED);
        stage.set("Stopped");
        outcome.set("Stopped before training began; start the wizard again for a new run");
    }

    private void failed(Exception e) {
        state.set(State.FAILED);
        stage.set("Failed");
        outcome.set(e instanceof CancellationException ? e.getMessage()
                : ViewerModel.message(e));
        TrainingRequest r = request.get();
        if (r != null) {
            readCheckpoints(r.out());
        }
    }

    private void readCheckpoints(Path out) {
        try {
            checkpoints.setAll(RunCheckpoints.of(out));
        } catch (java.io.IOException e) {
            log.add("The checkpoints of " + out + " cannot be read: " + e.getMessage());
        }
    }

    /** A resumed run's epochs from before this window opened, with their findings. */
    private void showPast(List<EpochRecord> history,
            SortedMap<Integer, List<ValidationFinding>> tables) {
        List<EpochRecord> added = curves.past(history);
        if (added.isEmpty()) {
            return;
        }
        added.forEach(r -> {
            List<ValidationFinding> table = tables.get(r.epoch());
            if (table != null) {
                findings.add(r.epoch(), table);
            }
        });
        log.add("Epochs " + added.get(0).epoch() + "-" + added.get(added.size() - 1).epoch()
                + " were trained before this window opened: their curves (one loss point an"
                + " epoch) and findings are shown");
    }

    /** The job's events, handed to the user-interface thread in order. */
    private final class Relay implements TrainingJob.Listener {

        @Override
        public void preprocessing(int index, int total, String seriesUid) {
            uiThread.execute(() -> {
                stage.set("Preprocessing scan " + (index + 1) + " of " + total + " ("
                        + seriesUid + ")");
                progress.set((double) index / total);
            });
        }

        @Override
        public void preprocessed(DatasetPreprocessor.Report report) {
            uiThread.execute(() -> {
                log.add(String.format(Locale.ROOT, "Preprocessed: training %d scans, %d samples"
                        + " (%d positive); validation %d scans, %d samples (%d positive)%s",
                        report.training().scans(), report.training().samples(),
                        report.training().positives(), report.validation().scans(),
                        report.validation().samples(), report.validation().positives(),
                        report.failures().isEmpty() ? "" : "; " + report.failures().size()
                                + " scan(s) could not be used"));
                if (state.get() == State.PREPROCESSING) {
                    state.set(State.TRAINING);
                    stage.set("Measuring a training step for the estimate");
                }
            });
        }

        @Override
        public void estimated(RunTimeEstimate e) {
            uiThread.execute(() -> estimate.set("Run time " + e.text()));
        }

        @Override
        public void runStarted(TrainingPlan plan) {
            uiThread.execute(() -> {
                if (state.get() == State.PREPROCESSING) {
                    state.set(State.TRAINING);
                }
                log.add(plan.deviceReport());
                log.add(String.format(Locale.ROOT, "%d training samples from %d scans, %d"
                        + " validation samples from %d scans; %d batches an epoch; from %s",
                        plan.trainingSamples(), plan.trainingScans(), plan.validationSamples(),
                        plan.validationScans(), plan.batchesPerEpoch(), plan.source()));
            });
        }

        @Override
        public void phaseStarted(TrainingPhase phase, int firstEpoch, int lastEpoch) {
            uiThread.execute(() -> log.add("Phase " + phase.label() + " (epochs " + firstEpoch
                    + "-" + lastEpoch + "): " + phase.rule()));
        }

        @Override
        public void epochStarted(int epoch, TrainingPhase phase, int batches) {
            uiThread.execute(curves::epochStarted);
        }

        @Override
        public void batchFinished(BatchProgress p) {
            uiThread.execute(() -> {
                curves.batchFinished(p);
                PhaseSchedule s = request.get().schedule();
                if (state.get() != State.STOPPING) {
                    stage.set("Phase " + p.phase().label() + ", epoch " + p.epoch() + " of "
                            + s.totalEpochs() + ", batch " + p.batch() + " of " + p.batches());
                }
                progress.set((double) p.batch() / p.batches());
                eta.set(Double.isFinite(p.etaSeconds()) ? "about " + EtaEstimate.format(
                        Duration.ofMillis((long) (p.etaSeconds() * 1000))) + " left" : "");
            });
        }

        @Override
        public void validationStarted(int epoch, int samples) {
            uiThread.execute(() -> {
                if (state.get() != State.STOPPING) {
                    stage.set("Validating epoch " + epoch + " on " + samples + " samples");
                }
            });
        }

        @Override
        public void miningStarted(int epoch, int samples) {
            uiThread.execute(() -> {
                if (state.get() != State.STOPPING) {
                    stage.set("Looking for false positives on " + samples
                            + " training samples after epoch " + epoch);
                }
            });
        }

        @Override
        public void epochFinished(EpochRecord r) {
            uiThread.execute(() -> curves.epochFinished(r));
        }

        @Override
        public void resumed(List<EpochRecord> history,
                SortedMap<Integer, List<ValidationFinding>> tables) {
            uiThread.execute(() -> showPast(history, tables));
        }

        @Override
        public void validationFindings(int epoch, List<ValidationFinding> list) {
            uiThread.execute(() -> findings.add(epoch, list));
        }

        @Override
        public void checkpointSaved(String name, Path folder) {
            if (!RunCheckpoints.NAMES.get(2).equals(name)) {
                uiThread.execute(() -> log.add("New " + name + " checkpoint: " + folder));
            }
        }

        @Override
        public void message(String text) {
            uiThread.execute(() -> log.add(text));
        }
    }
}
