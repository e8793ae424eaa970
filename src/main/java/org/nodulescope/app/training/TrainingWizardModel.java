package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.ModelConfigurations;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.RunRecipe;
import org.nodulescope.train.ValidationSchedule;

/**
 * The training wizard's state, page by page: (a) the data folder and its survey, (b) the split,
 * (c) the model, (d) the phases and hyper-parameters, (e) the run folder and the run-time
 * estimate. Each page has a problem, one sentence or "", that keeps the wizard from going on;
 * the survey and the estimate run in the background. {@link #request()} is what the dashboard
 * starts. JavaFX thread only.
 */
public final class TrainingWizardModel {

    /** The wizard's pages, in order. */
    public enum Page { DATA, SPLIT, MODEL, PHASES, SUMMARY }

    /** The presets offered, then a configuration file. */
    public static final String FILE = "file";

    private final TaskExecutor executor;

    private final DataChoice data;

    private final StringProperty model = new SimpleStringProperty("paper");
    private final StringProperty configFile = new SimpleStringProperty("");
    private final BooleanProperty fromFolder = new SimpleBooleanProperty();
    private final StringProperty initFolder = new SimpleStringProperty("");
    private final ObjectProperty<ComputeDevice.Request> device = new SimpleObjectProperty<>(
            ComputeDevice.Request.AUTO);

    private final IntegerProperty detectionEpochs = new SimpleIntegerProperty(9);
    private final IntegerProperty segmentationEpochs = new SimpleIntegerProperty(5);
    private final IntegerProperty jointEpochs = new SimpleIntegerProperty(21);
    private final DoubleProperty learningRate = new SimpleDoubleProperty(1e-4);
    private final IntegerProperty batch = new SimpleIntegerProperty(4);
    private final DoubleProperty lambdaAux = new SimpleDoubleProperty(
            AuxHeadConfig.paper().lossWeight());
    private final IntegerProperty patience = new SimpleIntegerProperty(5);
    private final ObjectProperty<RateSchedule> rateSchedule = new SimpleObjectProperty<>(
            RateSchedule.CONSTANT);
    private final DoubleProperty clipNorm = new SimpleDoubleProperty(0);
    private final IntegerProperty cropSize = new SimpleIntegerProperty(0);
    private final IntegerProperty hardNegativeEvery = new SimpleIntegerProperty(0);
    private final DoubleProperty hardRoiShare = new SimpleDoubleProperty(0);
    private final IntegerProperty warmupSteps = new SimpleIntegerProperty(0);
    private final DoubleProperty backgroundCrops = new SimpleDoubleProperty(0);
    private final DoubleProperty weightAverage = new SimpleDoubleProperty(0);
    private final BooleanProperty validateJointOnly = new SimpleBooleanProperty();

    private final StringProperty out = new SimpleStringProperty("");
    private final BooleanProperty resume = new SimpleBooleanProperty();
    private final StringProperty runNote = new SimpleStringProperty("");
    private final StringProperty estimate = new SimpleStringProperty("");
    private final BooleanProperty estimating = new SimpleBooleanProperty();

    private final StringProperty dataProblem = new SimpleStringProperty("");
    private final StringProperty splitProblem = new SimpleStringProperty("");
    private final StringProperty modelProblem = new SimpleStringProperty("");
    private final StringProperty modelNote = new SimpleStringProperty("");
    private final StringProperty phasesProblem = new SimpleStringProperty("");
    private final StringProperty summaryProblem = new SimpleStringProperty("");
    private final BooleanProperty lambdaEditable = new SimpleBooleanProperty(true);

    private TaskHandle estimateJob = TaskHandle.DONE;

    public TrainingWizardModel(TaskExecutor executor) {
        this.executor = executor;
        this.data = new DataChoice(executor);
        data.suggestedRunProperty().addListener((obs, old, now) -> {
            if (out.get().isBlank()) {
                out.set(now);
            }
        });
        for (Observable o : data.observables()) {
            o.addListener(x -> recheck());
        }
        resume.addListener((obs, was, now) -> {
            if (now) {
                takeTheRunsSettings();
            }
        });
        out.addListener((obs, was, now) -> {
            if (resume.get()) {
                takeTheRunsSettings();
            }
        });
        for (Observable o : new Observable[] {model, configFile, fromFolder, initFolder,
                detectionEpochs, segmentationEpochs, jointEpochs, learningRate, batch, lambdaAux,
                patience, rateSchedule, clipNorm, cropSize, hardNegativeEvery, hardRoiShare,
                warmupSteps, backgroundCrops, weightAverage, validateJointOnly, out,
                resume}) {
            o.addListener(x -> recheck());
        }
        recheck();
    }

    /** @return pages (a) and (b): the data folder, its survey and the split */
    public DataChoice data() {
        return data;
    }

    // (c) model
    /** @return paper, baseline, tiny or {@link #FILE} */
    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty configFileProperty() {
        return configFile;
    }

    public BooleanProperty fromFolderProperty() {
        return fromFolder;
    }

    public StringProperty initFolderProperty() {
        return initFolder;
    }

    public ObjectProperty<ComputeDevice.Request> deviceProperty() {
        return device;
    }

    /** @return what the user should know about the model (its slices, lambda of a folder) */
    public ReadOnlyStringProperty modelNoteProperty() {
        return modelNote;
    }

    // (d) phases
    public IntegerProperty detectionEpochsProperty() {
        return detectionEpochs;
    }

    public IntegerProperty segmentationEpochsProperty() {
        return segmentationEpochs;
    }

    public IntegerProperty jointEpochsProperty() {
        return jointEpochs;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public IntegerProperty batchProperty() {
        return batch;
    }

    public DoubleProperty lambdaAuxProperty() {
        return lambdaAux;
    }

    /** @return false when the model starts from a folder, whose configuration holds lambda */
    public ReadOnlyBooleanProperty lambdaEditableProperty() {
        return lambdaEditable;
    }

    public IntegerProperty patienceProperty() {
        return patience;
    }

    /** @return constant (the paper's), a cosine per phase, or one cosine over the run */
    public ObjectProperty<RateSchedule> rateScheduleProperty() {
        return rateSchedule;
    }

    /** @return the gradient norm clipped at, 0 for none */
    public DoubleProperty clipNormProperty() {
        return clipNorm;
    }

    /** @return square training windows of this many pixels, 0 for whole slices */
    public IntegerProperty cropSizeProperty() {
        return cropSize;
    }

    /** @return epochs between minings of the model's false positives, 0 for never */
    public IntegerProperty hardNegativeEveryProperty() {
        return hardNegativeEvery;
    }

    /** @return the share of sampled negative RoIs taken hardest first, 0 for none */
    public DoubleProperty hardRoiShareProperty() {
        return hardRoiShare;
    }

    /** @return steps over which each phase's rate ramps up, 0 for none */
    public IntegerProperty warmupStepsProperty() {
        return warmupSteps;
    }

    /** @return with windows, the share of samples with nodules cut where none of them is */
    public DoubleProperty backgroundCropsProperty() {
        return backgroundCrops;
    }

    /** @return the decay of the validated and saved moving average of the weights, 0 none */
    public DoubleProperty weightAverageProperty() {
        return weightAverage;
    }

    /** @return whether only the joint phase, whose epochs can be the best, is validated */
    public BooleanProperty validateJointOnlyProperty() {
        return validateJointOnly;
    }

    /**
     * Sets the paper's recipe: 9 / 5 / 21 epochs, Adam at 1e-4, batch 4, patience 5, and no
     * option beyond it ({@link TrainingOptions#paper()}). The model and data stay as chosen.
     */
    public void paperRecipe() {
        PhaseSchedule p = PhaseSchedule.paper();
        detectionEpochs.set(p.detection());
        segmentationEpochs.set(p.segmentation());
        jointEpochs.set(p.joint());
        learningRate.set(1e-4);
        batch.set(4);
        patience.set(5);
        options(TrainingOptions.paper());
    }

    /**
     * Sets the recipe measured for 30-minute runs of {@code tiny} on two cores, beyond the
     * paper: 14 / 2 / 16 epochs, Adam at 5e-4, batch 4, patience 8, and the options of
     * {@link TrainingOptions#shortRun()}. The model and data stay as chosen.
     */
    public void shortRunRecipe() {
        detectionEpochs.set(14);
        segmentationEpochs.set(2);
        jointEpochs.set(16);
        learningRate.set(5e-4);
        batch.set(4);
        patience.set(8);
        options(TrainingOptions.shortRun());
    }

    private void options(TrainingOptions o) {
        rateSchedule.set(o.rateSchedule());
        clipNorm.set(o.clipNorm());
        cropSize.set(o.cropSize());
        backgroundCrops.set(o.backgroundCrops());
        hardNegativeEvery.set(o.hardNegativeEvery());
        hardRoiShare.set(o.hardRoiShare());
        warmupSteps.set(o.warmupSteps());
        weightAverage.set(o.weightAverage());
        validateJointOnly.set(o.validation() == ValidationSchedule.ELIGIBLE_EPOCHS);
    }

    /**
     * Fills the phases page with the settings the run in the chosen folder was started with, so
     * that resuming continues it as it began (a user may still change them afterwards). A run
     * whose folder cannot be read, or that recorded no settings, leaves the page as it is: the
     * summary page names the folder's problem.
     */
    private void takeTheRunsSettings() {
        RunCheckpoints.Start start;
        try {
            start = RunCheckpoints.start(Path.of(out.get().strip()));
        } catch (IOException | RuntimeException e) {
            return;
        }
        detectionEpochs.set(start.schedule().detection());
        segmentationEpochs.set(start.schedule().segmentation());
        jointEpochs.set(start.schedule().joint());
        RunRecipe r = start.recipe();
        if (r == null) {
            return;
        }
        learningRate.set(r.learningRate());
        batch.set(r.batch());
        patience.set(r.patience());
        options(new TrainingOptions(RateSchedule.parse(r.rateSchedule()), r.clipNorm(),
                r.augmentation().cropSize(), r.augmentation().backgroundCrops(),
                r.hardNegatives(), r.hardRois(), r.warmup(), start.weightAverage(),
                ValidationSchedule.parse(r.validation())));
    }

    /** The phases page's options beyond the paper, checked by {@link TrainingOptions}. */
    private TrainingOptions trainingOptions() {
        return new TrainingOptions(rateSchedule.get(), clipNorm.get(), cropSize.get(),
                backgroundCrops.get(), hardNegativeEvery.get(), hardRoiShare.get(),
                warmupSteps.get(), weightAverage.get(),
                validateJointOnly.get() ? ValidationSchedule.ELIGIBLE_EPOCHS
                        : ValidationSchedule.EVERY_EPOCH);
    }

    // (e) summary
    public StringProperty outProperty() {
        return out;
    }

    public BooleanProperty resumeProperty() {
        return resume;
    }

    /** @return what the run folder holds, when it holds a run */
    public ReadOnlyStringProperty runNoteProperty() {
        return runNote;
    }

    public ReadOnlyStringProperty estimateProperty() {
        return estimate;
    }

    public ReadOnlyBooleanProperty estimatingProperty() {
        return estimating;
    }

    /** @return why the page cannot go on, or "" */
    public ReadOnlyStringProperty problemProperty(Page page) {
        return switch (page) {
            case DATA -> dataProblem;
            case SPLIT -> splitProblem;
            case MODEL -> modelProblem;
            case PHASES -> phasesProblem;
            case SUMMARY -> summaryProblem;
        };
    }

    /** Recomputes every page's problem and notes from the current choices. */
    private void recheck() {
        DatasetSurvey s = data.surveyProperty().get();
        String error = data.errorProperty().get();
        dataProblem.set(data.surveyingProperty().get() ? "Looking at the folder…"
                : !error.isEmpty() ? error
                : s == null ? "Choose a LUNA16 folder or a preprocess output."
                : s.kind() == DatasetSurvey.Kind.LUNA16
                        ? WizardChecks.samplesFolder(data.samplesProperty().get()).orElse("")
                        : "");
        splitProblem.set(s == null ? "Choose the data first."
                : WizardChecks.split(s, data.validationFractionProperty().get()).orElse(""));
        checkModel(s);
        phasesProblem.set(WizardChecks.phases(detectionEpochs.get(), segmentationEpochs.get(),
                jointEpochs.get(), learningRate.get(), batch.get(), lambdaAux.get(),
                patience.get()).or(() -> WizardChecks.options(this::trainingOptions)).orElse(""));
        WizardChecks.RunFolder run = WizardChecks.runFolder(out.get(), resume.get());
        runNote.set(run.note());
        String firstProblem = firstOf(dataProblem, splitProblem, modelProblem, phasesProblem);
        summaryProblem.set(!firstProblem.isEmpty() && !resume.get() ? firstProblem
                : run.problem().orElse(""));
    }

    private static String firstOf(StringProperty... problems) {
        for (StringProperty p : problems) {
            if (!p.get().isEmpty()) {
                return p.get();
            }
        }
        return "";
    }

    private void checkModel(DatasetSurvey s) {
        lambdaEditable.set(!fromFolder.get());
        MaskRcnnConfig config;
        try {
            config = chosenConfig();
        } catch (IOException | IllegalArgumentException e) {
            modelProblem.set(ViewerModel.message(e));
            modelNote.set("");
            return;
        }
        int channels = config.backbone().inputChannels();
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "ResNet-%d, %d input"
                + " slices, auxiliary head %s", config.backbone().depth(), channels,
                config.aux().enabled() ? "on" : "off"));
        if (fromFolder.get()) {
            note.append(String.format(Locale.ROOT, "; the folder's lambda_aux %.2f is used",
                    config.aux().lossWeight()));
        }
        if (s != null && s.kind() == DatasetSurvey.Kind.LUNA16) {
            note.append("; the samples will be cut as ").append(channels).append("-slice"
                    + " stacks");
        }
        modelNote.set(note.toString());
        modelProblem.set(s == null ? "" : WizardChecks.slices(s, config).orElse(""));
    }

    /** The configuration the model page describes. */
    private MaskRcnnConfig chosenConfig() throws IOException {
        if (fromFolder.get()) {
            String folder = initFolder.get() == null ? "" : initFolder.get().strip();
            if (folder.isEmpty()) {
                throw new IllegalArgumentException("Choose the model folder to start from.");
            }
            return MaskRcnnConfig.fromJson(ModelFolder.readConfig(Path.of(folder)));
        }
        if (FILE.equals(model.get())) {
            String file = configFile.get() == null ? "" : configFile.get().strip();
            if (file.isEmpty()) {
                throw new IllegalArgumentException("Choose the configuration file"
                        + " (config.json).");
            }
            return ModelConfigurations.resolve(file);
        }
        return MaskRcnnConfig.preset(model.get());
    }

    /**
     * @return the run the choices describe
     * @throws IllegalStateException while a page still has a problem
     */
    public TrainingRequest request() {
        if (!summaryProblem.get().isEmpty()) {
            throw new IllegalStateException(summaryProblem.get());
        }
        DatasetSurvey s = data.surveyProperty().get();
        Path dataFolder = s != null ? s.folder() : Path.of(data.folderProperty().get().strip());
        DatasetSurvey.Kind kind = s != null ? s.kind() : DatasetSurvey.Kind.PREPROCESSED;
        Path samplesFolder = kind == DatasetSurvey.Kind.LUNA16
                ? Path.of(data.samplesProperty().get().strip()) : dataFolder;
        String chosen = FILE.equals(model.get()) ? configFile.get().strip() : model.get();
        Path init = fromFolder.get() ? Path.of(initFolder.get().strip()) : null;
        TrainingRequest r = new TrainingRequest(dataFolder, kind, samplesFolder,
                data.validationFractionProperty().get(), data.seedProperty().get(), chosen,
                init, device.get(),
                WizardChecks.schedule(detectionEpochs.get(), segmentationEpochs.get(),
                        jointEpochs.get()), learningRate.get(), batch.get(), lambdaAux.get(),
                patience.get(), Path.of(out.get().strip()), false,
                trainingOptions());
        if (resume.get()) {
            try {
                return r.resumed(RunCheckpoints.data(r.out()));
            } catch (IOException e) {
                throw new IllegalStateException(ViewerModel.message(e), e);
            }
        }
        return r;
    }

    /**
     * Measures a training step of the chosen run in the background for the estimate; for a
     * LUNA16 folder that has to be preprocessed first, says when it will be measured.
     */
    public void measure() {
        estimateJob.cancel();
        if (!summaryProblem.get().isEmpty()) {
            estimate.set("");
            return;
        }
        TrainingRequest r = request();
        if (r.needsPreprocessing()) {
            estimate.set("Measured after preprocessing, before the first epoch (the samples do"
                    + " not exist yet)");
            return;
        }
        estimating.set(true);
        estimate.set("Measuring a training step…");
        estimateJob = executor.execute(BackgroundTask.of("Measuring a training step",
                ctx -> RunTimeEstimate.measure(r))
                .onSuccess(e -> estimate.set("Run time " + e.text()))
                .onFailure(e -> estimate.set("No estimate: " + ViewerModel.message(e)))
                .onFinished(() -> estimating.set(false)));
    }

    /** Stops the survey and the measurement, for a wizard that closes. */
    public void cancel() {
        data.cancel();
        estimateJob.cancel();
    }
}
