package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.preprocess.DatasetPreprocessor.SplitCounts;
import org.nodulescope.preprocess.DatasetSurvey;

/** The wizard's rules at their boundaries, each with the sentence the user reads. */
class WizardChecksTest {

    @TempDir
    Path dir;

    private static DatasetSurvey survey(DatasetSurvey.Kind kind, int trainingScans,
            int validationScans, int slices) {
        return new DatasetSurvey(kind, Path.of("data"), trainingScans + validationScans,
                new SplitCounts(trainingScans, trainingScans, 0, trainingScans * 4,
                        trainingScans * 3, trainingScans),
                new SplitCounts(validationScans, validationScans, 0, validationScans * 4,
                        validationScans * 3, validationScans), slices, List.of());
    }

    @Test
    void aSplitWithoutValidationScansIsExplainedBeforeStarting() {
        Optional<String> luna = WizardChecks.split(survey(DatasetSurvey.Kind.LUNA16, 3, 0, 5),
                0.2);
        assertTrue(luna.isPresent());
        assertTrue(luna.get().contains("With 3 scan(s) and a validation fraction of 0.20 no"
                + " scan is left for validation"), luna.get());
        assertTrue(luna.get().contains("raise the fraction"), luna.get());
        Optional<String> pre = WizardChecks.split(survey(DatasetSurvey.Kind.PREPROCESSED, 3, 0,
                5), 0.2);
        assertTrue(pre.get().contains("no validation split"), pre.get());
        Optional<String> noTraining = WizardChecks.split(survey(DatasetSurvey.Kind.LUNA16, 0, 4,
                5), 0.9);
        assertTrue(noTraining.get().contains("leaves no scan for training"), noTraining.get());
        // one scan on each side is enough
        assertEquals(Optional.empty(), WizardChecks.split(survey(DatasetSurvey.Kind.LUNA16, 1,
                1, 5), 0.5));
    }

    @Test
    void aModelOfAnotherSliceCountFitsOnlyDataStillToBePreprocessed() {
        MaskRcnnConfig baseline = MaskRcnnConfig.baseline();
        Optional<String> p = WizardChecks.slices(survey(DatasetSurvey.Kind.PREPROCESSED, 3, 1,
                5), baseline);
        assertTrue(p.get().contains("5-slice stacks but this model takes 3 slices"), p.get());
        assertEquals(Optional.empty(), WizardChecks.slices(survey(DatasetSurvey.Kind.LUNA16, 3,
                1, 5), baseline));
        assertEquals(Optional.empty(), WizardChecks.slices(survey(
                DatasetSurvey.Kind.PREPROCESSED, 3, 1, 5), MaskRcnnConfig.paper()));
    }

    @Test
    void phaseSettingsAtTheirLimits() {
        assertEquals(Optional.empty(), WizardChecks.phases(9, 5, 21, 1e-4, 4, 0.3, 5));
        assertEquals(Optional.empty(), WizardChecks.phases(0, 0, 1, 1e-4, 1, 0, 1));
        assertTrue(WizardChecks.phases(0, 0, 0, 1e-4, 4, 0.3, 5).get().contains("no epoch"));
        assertTrue(WizardChecks.phases(-1, 5, 21, 1e-4, 4, 0.3, 5).isPresent());
        assertTrue(WizardChecks.phases(9, 5, 21, 0, 4, 0.3, 5).get().contains("learning rate"));
        assertTrue(WizardChecks.phases(9, 5, 21, 1e-4, 0, 0.3, 5).get().contains("batch"));
        assertTrue(WizardChecks.phases(9, 5, 21, 1e-4, 4, -0.1, 5).get()
                .contains("lambda_aux"));
        assertTrue(WizardChecks.phases(9, 5, 21, 1e-4, 4, 0.3, 0).get().contains("Patience"));
    }

    @Test
    void aRunFolderThatHoldsARunOffersToResumeIt() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("run.json"), "{}");
        WizardChecks.RunFolder asNew = WizardChecks.runFolder(run.toString(), false);
        assertTrue(asNew.holdsRun());
        assertTrue(asNew.problem().get().contains("holds a training run without a checkpoint"
                + " yet. Tick \"Resume this run\""), asNew.problem().get());
        WizardChecks.RunFolder resumed = WizardChecks.runFolder(run.toString(), true);
        assertFalse(resumed.problem().isPresent());
        assertTrue(resumed.note().contains("holds a training run"));

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertTrue(WizardChecks.runFolder(other.toString(), false).problem().get()
                .contains("holds other files"));
        assertTrue(WizardChecks.runFolder(other.toString(), true).problem().get()
                .contains("holds no training run to resume"));
        assertFalse(WizardChecks.runFolder(dir.resolve("new").toString(), false).problem()
                .isPresent());
        assertTrue(WizardChecks.runFolder(" ", false).problem().isPresent());
        assertTrue(WizardChecks.samplesFolder(other.toString()).get().contains("already holds"
                + " files"));
        assertEquals(Optional.empty(), WizardChecks.samplesFolder(dir.resolve("s").toString()));
    }
}
