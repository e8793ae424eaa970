package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.AdamOptimizer;
import org.nodulescope.train.Augmentation;
import org.nodulescope.train.ModelConfigurations;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RunOptions;
import org.nodulescope.train.TrainingSettings;

/**
 * Everything the training wizard asks, turned into what the services take: the preprocessing
 * of a LUNA16 folder (when the data is not preprocessed yet), the model configuration with the
 * chosen lambda_aux, and the {@link TrainingSettings} of {@code nodulescope train}.
 *
 * @param data the folder chosen: a LUNA16 data set or a preprocess output
 * @param kind what the survey found it to be
 * @param samples where preprocessing writes the samples (LUNA16 data), else the data itself
 * @param validationFraction share of the scans kept for validation (LUNA16 data)
 * @param seed seeds the split, the initialisation and the sample order
 * @param model a preset name (paper, baseline, tiny) or a configuration file
 * @param init a model folder to start from, or null for scratch
 * @param device where the network trains
 * @param schedule epochs of the three phases
 * @param learningRate Adam's rate
 * @param batchSize samples a step
 * @param lambdaAux weight of the auxiliary head's loss
 * @param patience epochs without a better F1 or Dice that end a phase
 * @param out the run folder
 * @param resume whether {@code out} holds a run to continue
 * @param options the options beyond the paper's recipe
 */
public record TrainingRequest(Path data, DatasetSurvey.Kind kind, Path samples,
        double validationFraction, long seed, String model, Path init,
        ComputeDevice.Request device, PhaseSchedule schedule, double learningRate, int batchSize,
        double lambdaAux, int patience, Path out, boolean resume, TrainingOptions options) {

    public TrainingRequest {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(options, "options");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must lie between 0 and"
                    + " 1, got " + validationFraction);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, got "
                    + learningRate);
        }
        if (!(lambdaAux >= 0) || Double.isInfinite(lambdaAux)) {
            throw new IllegalArgumentException("lambda_aux must be 0 or more, got " + lambdaAux);
        }
    }

    /** @return whether preprocessing has to run before training */
    public boolean needsPreprocessing() {
        return kind == DatasetSurvey.Kind.LUNA16 && !resume;
    }

    /**
     * The configuration of a run from scratch: the preset or file, with the auxiliary head's
     * loss weighted by {@code lambdaAux}. A run from a model folder uses the folder's own.
     *
     * @throws IOException naming a configuration file that cannot be read
     * @throws IllegalArgumentException for an unknown preset
     */
    public MaskRcnnConfig config() throws IOException {
        if (init != null) {
            return MaskRcnnConfig.fromJson(ModelFolder.readConfig(init));
        }
        MaskRcnnConfig base = ModelConfigurations.resolve(model);
        AuxHeadConfig aux = base.aux();
        return base.withAux(new AuxHeadConfig(aux.enabled(), aux.iouThreshold(),
                lambdaAux, aux.fusionWeight()));
    }

    /**
     * @param slices the model's input channels
     * @return how the LUNA16 folder is preprocessed: the paper's recipe with this split and
     *     seed, stacks of the model's slice count
     */
    public DatasetPreprocessor.Settings preprocessing(int slices) {
        DatasetPreprocessor.Settings paper = DatasetPreprocessor.Settings.paper(seed);
        return new DatasetPreprocessor.Settings(slices, paper.clahe(), seed, validationFraction,
                paper.negativesPerScan(), paper.negativesPerNoduleScan(),
                paper.positiveSlices());
    }

    /**
     * @return what the trainer is asked to do; a resumed run takes its own configuration, and
     *     the training data is the samples folder
     * @throws IOException when the configuration cannot be read
     */
    public TrainingSettings settings() throws IOException {
        return new TrainingSettings(samples, out, resume ? null : config(),
                schedule, batchSize, AdamOptimizer.Settings.of(learningRate, options.clipNorm()),
                patience, seed, device, resume ? null : init, resume,
                Augmentation.standard().withCrop(options.cropSize())
                        .withBackgroundCrops(options.backgroundCrops()), 3,
                new RunOptions(options.rateSchedule(), options.weightAverage(),
                        options.validation(),
                        options.hardNegativeEvery(), options.hardRoiShare(),
                        options.warmupSteps()));
    }

    /**
     * @param trainingData the run's own preprocess output
     * @return this request continuing the run in {@code out} on its data
     */
    public TrainingRequest resumed(Path trainingData) {
        return new TrainingRequest(trainingData, DatasetSurvey.Kind.PREPROCESSED, trainingData,
                validationFraction, seed, model, null, device, schedule, learningRate,
                batchSize, lambdaAux, patience, out, true, options);
    }
}
