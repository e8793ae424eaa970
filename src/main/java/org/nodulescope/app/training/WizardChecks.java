package org.nodulescope.app.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.PhaseSchedule;
import org.nodulescope.train.RunCheckpoints;

/**
 * The wizard's rules, each answering "what is wrong, and what to do" in one sentence before
 * anything runs: a split that leaves no scan for validation or training, a model whose slice
 * count does not fit the samples, phase settings out of range, and run or sample folders that
 * hold something already.
 */
final class WizardChecks {

    private WizardChecks() {}

    /**
     * @param survey the data's survey
     * @param fraction the validation fraction asked for
     * @return why the split cannot train, or empty
     */
    static Optional<String> split(DatasetSurvey survey, double fraction) {
        DatasetPreprocessor.SplitCounts v = survey.validation();
        DatasetPreprocessor.SplitCounts t = survey.training();
        String share = String.format(Locale.ROOT, "%.2f", fraction);
        if (v.scans() == 0 || v.samples() == 0) {
            return Optional.of(survey.kind() == DatasetSurvey.Kind.LUNA16
                    ? "With " + survey.scans() + " scan(s) and a validation fraction of " + share
                            + " no scan is left for validation, and every epoch is judged on"
                            + " validation: raise the fraction or use a data set with more"
                            + " scans."
                    : "These samples have no validation split (" + survey.scans() + " scans were"
                            + " preprocessed): preprocess more scans or with a larger"
                            + " --val-fraction, or choose the LUNA16 folder here.");
        }
        if (t.scans() == 0 || t.samples() == 0) {
            return Optional.of("A validation fraction of " + share + " leaves no scan for"
                    + " training: lower it or use more scans.");
        }
        return Optional.empty();
    }

    /**
     * @param survey the data's survey
     * @param config the model
     * @return why the model cannot train on the data, or empty
     */
    static Optional<String> slices(DatasetSurvey survey, MaskRcnnConfig config) {
        int channels = config.backbone().inputChannels();
        if (survey.kind() == DatasetSurvey.Kind.PREPROCESSED && survey.slices() != channels) {
            return Optional.of("The samples are " + survey.slices() + "-slice stacks but this"
                    + " model takes " + channels + " slices: choose a model for "
                    + survey.slices() + " slices, or the LUNA16 folder so that the samples are"
                    + " cut for this model.");
        }
        return Optional.empty();
    }

    /** @return why these phase settings cannot run, or empty */
    static Optional<String> phases(int detection, int segmentation, int joint,
            double learningRate, int batch, double lambdaAux, int patience) {
        if (detection < 0 || segmentation < 0 || joint < 0) {
            return Optional.of("Epochs of a phase must be 0 or more.");
        }
        if (detection + segmentation + joint == 0) {
            return Optional.of("The schedule has no epoch at all: give one phase an epoch.");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            return Optional.of("The learning rate must be a positive number (the paper's is"
                    + " 1e-4).");
        }
        if (batch < 1) {
            return Optional.of("The batch needs at least one sample (the paper's is 4).");
        }
        if (!(lambdaAux >= 0) || Double.isInfinite(lambdaAux)) {
            return Optional.of("lambda_aux must be 0 or more (the paper's is 0.3).");
        }
        if (patience < 1) {
            return Optional.of("Patience must be at least one epoch (the paper's is 5).");
        }
        return Optional.empty();
    }

    /**
     * @param options builds the options from the page's controls
     * @return why the options beyond the paper cannot be used ({@link TrainingOptions} checks
     *     them), or empty
     */
    static Optional<String> options(Supplier<TrainingOptions> options) {
        try {
            options.get();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @return the schedule, or the paper's when the counts are invalid */
    static PhaseSchedule schedule(int detection, int segmentation, int joint) {
        try {
            return new PhaseSchedule(detection, segmentation, joint);
        } catch (IllegalArgumentException e) {
            return PhaseSchedule.paper();
        }
    }

    /**
     * What a run folder allows.
     *
     * @param problem why a run cannot start there as asked, or empty
     * @param note what the user should know (a run to resume), or ""
     * @param holdsRun whether a run was started in it
     */
    record RunFolder(Optional<String> problem, String note, boolean holdsRun) {}

    /**
     * @param text the folder as typed
     * @param resume whether the user chose to resume the run in it
     */
    static RunFolder runFolder(String text, boolean resume) {
        if (text == null || text.isBlank()) {
            return new RunFolder(Optional.of("Choose a folder for the run (checkpoints,"
                    + " history, plots)."), "", false);
        }
        Path out = Path.of(text.strip());
        if (Files.isRegularFile(out)) {
            return new RunFolder(Optional.of(out + " is a file; choose a folder for the run."),
                    "", false);
        }
        if (RunCheckpoints.holdsRun(out)) {
            String where = lastEpoch(out);
            String note = out + " holds a training run" + where + ".";
            return new RunFolder(resume ? Optional.empty() : Optional.of(note + " Tick \"Resume"
                    + " this run\" to continue it, or choose another folder."), note, true);
        }
        if (resume) {
            return new RunFolder(Optional.of(out + " holds no training run to resume; untick"
                    + " \"Resume this run\"."), "", false);
        }
        if (holdsFiles(out)) {
            return new RunFolder(Optional.of(out + " holds other files; choose a new or empty"
                    + " folder so that nothing of yours is overwritten."), "", false);
        }
        return new RunFolder(Optional.empty(), "", false);
    }

    /** @return why preprocessing cannot write its samples there, or empty */
    static Optional<String> samplesFolder(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("Choose a new folder for the preprocessed samples.");
        }
        Path p = Path.of(text.strip());
        if (Files.isRegularFile(p) || holdsFiles(p)) {
            return Optional.of(p + " already holds files; choose a new or empty folder for the"
                    + " preprocessed samples (or that folder itself as the data, if it is a"
                    + " preprocess output).");
        }
        return Optional.empty();
    }

    private static String lastEpoch(Path out) {
        try {
            return RunCheckpoints.of(out).stream()
                    .filter(c -> c.name().equals(RunCheckpoints.NAMES.get(2)))
                    .map(c -> ", last checkpoint after epoch " + c.epoch()).findFirst()
                    .orElse(" without a checkpoint yet");
        } catch (IOException e) {
            return " whose checkpoints cannot be read (" + e.getMessage() + ")";
        }
    }

    private static boolean holdsFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }
}
