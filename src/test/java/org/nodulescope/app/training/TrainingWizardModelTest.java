package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.task.CurrentThreadTaskExecutor;
import org.nodulescope.app.training.TrainingWizardModel.Page;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.preprocess.DatasetListener;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.TrainingSettings;
import org.nodulescope.train.ValidationSchedule;

/**
 * The wizard's pages without a window, the background jobs run at once: what each page says
 * about the data, split, model, phases and run folder, and the request it finally makes.
 */
class TrainingWizardModelTest {

    @TempDir
    static Path shared;

    private static Path luna;

    @BeforeAll
    static void data() throws IOException {
        luna = shared.resolve("luna");
        PhantomConfig config = PhantomConfig.builder().optSizePx(64).optSliceCount(24)
                .optNodulesPerScan(1, 1).optNoduleFreeFraction(0).optExcludedPerScan(0, 0)
                .build();
        PhantomDataset.write(luna, config, 5, 3, i -> { });
    }

    private static TrainingWizardModel model() {
        return new TrainingWizardModel(new CurrentThreadTaskExecutor());
    }

    @Test
    void aFolderThatIsNeitherSaysWhatWasLookedFor(@TempDir Path dir) throws IOException {
        TrainingWizardModel m = model();
        assertTrue(m.problemProperty(Page.DATA).get().startsWith("Choose a LUNA16 folder"));
        Files.writeString(dir.resolve("notes.txt"), "not data");
        m.data().folderProperty().set(dir.toString());
        String problem = m.problemProperty(Page.DATA).get();
        assertTrue(problem.contains("looked for manifest.json") && problem.contains("subset*"),
                problem);
        assertNull(m.data().surveyProperty().get());
    }

    @Test
    void aLunaFolderShowsItsPlannedSplitAndTooFewScansAreExplained() {
        TrainingWizardModel m = model();
        m.data().folderProperty().set(luna.toString());
        DatasetSurvey s = m.data().surveyProperty().get();
        assertEquals(DatasetSurvey.Kind.LUNA16, s.kind());
        assertEquals(3, s.scans());
        assertEquals("", m.problemProperty(Page.DATA).get());
        assertTrue(m.data().samplesProperty().get().endsWith("luna-samples"),
                m.data().samplesProperty().get());
        assertTrue(m.outProperty().get().endsWith("luna-run"), m.outProperty().get());
        assertTrue(DataChoice.counts(s).contains("LUNA16 data, planned from the"
                + " headers"));
        assertTrue(m.data().splitEditable());

        m.data().validationFractionProperty().set(0.05);
        assertEquals(0, m.data().surveyProperty().get().validation().scans(), "re-planned");
        assertTrue(m.problemProperty(Page.SPLIT).get().contains("no scan is left for"
                + " validation"), m.problemProperty(Page.SPLIT).get());
        assertEquals(m.problemProperty(Page.SPLIT).get(),
                m.problemProperty(Page.SUMMARY).get(), "Finish stays off too");
        m.data().validationFractionProperty().set(0.3);
        assertEquals(1, m.data().surveyProperty().get().validation().scans());
        assertEquals("", m.problemProperty(Page.SPLIT).get());
    }

    /** A wizard with every page answered: the LUNA16 folder, 30% validation, tiny. */
    private static TrainingWizardModel tinyOnTheLunaFolder(Path dir) {
        TrainingWizardModel m = model();
        m.data().folderProperty().set(luna.toString());
        m.data().validationFractionProperty().set(0.3);
        m.data().samplesProperty().set(dir.resolve("samples").toString());
        m.outProperty().set(dir.resolve("run").toString());
        m.modelProperty().set("tiny");
        return m;
    }

    @Test
    void theRequestCarriesEveryChoiceAndLambdaIntoTheConfiguration(@TempDir Path dir)
            throws IOException {
        TrainingWizardModel m = tinyOnTheLunaFolder(dir);
        m.detectionEpochsProperty().set(1);
        m.segmentationEpochsProperty().set(1);
        m.jointEpochsProperty().set(1);
        m.lambdaAuxProperty().set(0.7);
        m.batchProperty().set(2);
        m.data().seedProperty().set(9);
        for (Page p : Page.values()) {
            assertEquals("", m.problemProperty(p).get(), p.name());
        }
        TrainingRequest r = m.request();
        assertTrue(r.needsPreprocessing());
        assertEquals(dir.resolve("samples"), r.samples());
        assertEquals(0.7, r.config().aux().lossWeight(), 0);
        assertEquals(MaskRcnnConfig.tiny().backbone(), r.config().backbone());
        TrainingSettings s = r.settings();
        assertEquals(dir.resolve("samples"), s.data());
        assertEquals("1,1,1", s.schedule().toString());
        assertEquals(2, s.batchSize());
        assertEquals(9, s.seed());
        assertEquals(0.3, r.preprocessing(5).validationFraction(), 0);
        assertEquals(9, r.preprocessing(5).seed());

        m.lambdaAuxProperty().set(-1);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("lambda_aux"));
        assertThrows(IllegalStateException.class, m::request);
    }

    @Test
    void theThirtyMinuteRecipesOptionsReachTheTrainerAndBadOnesAreNamed(@TempDir Path dir)
            throws IOException {
        TrainingWizardModel m = tinyOnTheLunaFolder(dir);
        TrainingSettings paper = m.request().settings();
        assertEquals(RateSchedule.CONSTANT, paper.rateSchedule());
        assertEquals(0, paper.optimiser().clipNorm());
        assertEquals(0, paper.augmentation().cropSize());
        assertEquals(0, paper.hardNegativeEvery());
        assertEquals(ValidationSchedule.EVERY_EPOCH, paper.validation());

        m.shortRunRecipe();
        for (Page p : Page.values()) {
            assertEquals("", m.problemProperty(p).get(), p.name());
        }
        TrainingSettings s = m.request().settings();
        assertEquals("14,2,16", s.schedule().toString());
        assertEquals(5e-4, s.optimiser().learningRate(), 0);
        assertEquals(8, s.patience());
        assertEquals(RateSchedule.COSINE_RUN, s.rateSchedule());
        assertEquals(10, s.optimiser().clipNorm());
        assertEquals(256, s.augmentation().cropSize());
        assertTrue(s.augmentation().horizontalFlip(), "windows add to the augmentation");
        assertEquals(4, s.hardNegativeEvery());
        assertEquals(ValidationSchedule.ELIGIBLE_EPOCHS, s.validation());
        assertEquals(0, s.hardRoiShare());
        assertEquals(0, s.phaseWarmup());
        assertEquals(0, s.augmentation().backgroundCrops());
        assertEquals(0, s.weightAverage());

        m.hardRoiShareProperty().set(0.5);
        m.warmupStepsProperty().set(160);
        m.backgroundCropsProperty().set(0.25);
        m.weightAverageProperty().set(0.998);
        TrainingSettings more = m.request().settings();
        assertEquals(0.5, more.hardRoiShare());
        assertEquals(160, more.phaseWarmup());
        assertEquals(0.25, more.augmentation().backgroundCrops());
        assertEquals(0.998, more.weightAverage());
        m.weightAverageProperty().set(0.2);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("weight average's decay"),
                m.problemProperty(Page.PHASES).get());
        m.weightAverageProperty().set(0.998);
        m.cropSizeProperty().set(0);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("Background windows need"
                + " training windows"), m.problemProperty(Page.PHASES).get());
        m.cropSizeProperty().set(256);
        m.backgroundCropsProperty().set(1);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("background windows"),
                m.problemProperty(Page.PHASES).get());
        m.backgroundCropsProperty().set(0.25);
        m.hardRoiShareProperty().set(1.5);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("hardest negative RoIs"),
                m.problemProperty(Page.PHASES).get());
        assertThrows(IllegalStateException.class, m::request);
        m.hardRoiShareProperty().set(0.5);
        m.warmupStepsProperty().set(-1);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("warm-up"),
                m.problemProperty(Page.PHASES).get());
        m.warmupStepsProperty().set(160);

        m.cropSizeProperty().set(20);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("at least 32"),
                m.problemProperty(Page.PHASES).get());
        assertThrows(IllegalStateException.class, m::request);
        m.cropSizeProperty().set(256);
        m.hardNegativeEveryProperty().set(-1);
        assertTrue(m.problemProperty(Page.PHASES).get().contains("Hard negatives"));
        m.paperRecipe();
        assertEquals("", m.problemProperty(Page.PHASES).get());
        TrainingSettings back = m.request().settings();
        assertEquals("9,5,21", back.schedule().toString());
        assertEquals(1e-4, back.optimiser().learningRate(), 0);
        assertEquals(0, back.hardNegativeEvery());
        assertEquals(0, back.augmentation().cropSize());
        assertEquals(0, back.hardRoiShare());
        assertEquals(0, back.phaseWarmup());
        assertEquals(0, back.augmentation().backgroundCrops());
        assertEquals(0, back.weightAverage());
    }

    @Test
    void aRunFolderThatHoldsARunOffersResumeOrAnotherFolder(@TempDir Path dir)
            throws IOException {
        TrainingWizardModel m = model();
        m.data().folderProperty().set(luna.toString());
        m.data().validationFractionProperty().set(0.3);
        m.data().samplesProperty().set(dir.resolve("samples").toString());
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("run.json"), "{}");
        m.outProperty().set(run.toString());
        String problem = m.problemProperty(Page.SUMMARY).get();
        assertTrue(problem.contains("holds a training run") && problem.contains("Resume this"
                + " run"), problem);
        assertFalse(m.runNoteProperty().get().isEmpty());
        m.resumeProperty().set(true);
        assertEquals("", m.problemProperty(Page.SUMMARY).get());
        assertEquals(9, m.detectionEpochsProperty().get(), "an unreadable run.json leaves the"
                + " page as it was");
        m.resumeProperty().set(false);
        m.outProperty().set(dir.resolve("another").toString());
        assertEquals("", m.problemProperty(Page.SUMMARY).get());

        // a run started with the 30-minute recipe: resuming it takes that recipe, not the
        // page's paper defaults
        Path started = dir.resolve("started");
        Files.createDirectories(started);
        Files.writeString(started.resolve("run.json"), """
                {"configSha256": "x", "configJson": "{}", "data": "/d", "seed": 3,
                 "schedule": "14,2,16", "source": "scratch", "weightAverage": 0.998,
                 "recipe": {"batch": 4, "learningRate": 5.0E-4, "clipNorm": 10.0,
                   "rateSchedule": "cosine-run", "patience": 8,
                   "augmentation": {"horizontalFlip": true, "verticalFlip": false,
                     "maxShiftPx": 16, "intensityJitter": 0.1, "cropSize": 256,
                     "backgroundCrops": 0.25},
                   "validation": "joint", "hardNegatives": 4, "hardRois": 0.5,
                   "warmup": 160}}
                """);
        m.outProperty().set(started.toString());
        m.resumeProperty().set(true);
        assertEquals(List.of(14, 2, 16), List.of(m.detectionEpochsProperty().get(),
                m.segmentationEpochsProperty().get(), m.jointEpochsProperty().get()));
        assertEquals(5e-4, m.learningRateProperty().get(), 0);
        assertEquals(8, m.patienceProperty().get());
        assertEquals(RateSchedule.COSINE_RUN, m.rateScheduleProperty().get());
        assertEquals(10, m.clipNormProperty().get(), 0);
        assertEquals(256, m.cropSizeProperty().get());
        assertEquals(4, m.hardNegativeEveryProperty().get());
        assertEquals(0.5, m.hardRoiShareProperty().get(), 0);
        assertEquals(160, m.warmupStepsProperty().get());
        assertEquals(0.25, m.backgroundCropsProperty().get(), 0);
        assertEquals(0.998, m.weightAverageProperty().get(), 0);
        assertTrue(m.validateJointOnlyProperty().get());
    }

    @Test
    void aPreprocessOutputKeepsItsSplitAndTheEstimateComesFromAMeasuredStep(@TempDir Path dir)
            throws IOException {
        Path samples = dir.resolve("samples");
        new DatasetPreprocessor(new DatasetPreprocessor.Settings(5, true, 4, 0.3, 1, 0, 1))
                .run(luna, samples, new DatasetListener() { });
        TrainingWizardModel m = model();
        m.data().folderProperty().set(samples.toString());
        assertEquals(DatasetSurvey.Kind.PREPROCESSED, m.data().surveyProperty().get().kind());
        assertFalse(m.data().splitEditable());
        assertEquals(0.3, m.data().validationFractionProperty().get(), 0,
                "the manifest's own split");
        assertEquals(4, m.data().seedProperty().get());
        assertTrue(m.data().fixedSplit().orElseThrow()
                .contains("fixed when these samples were made"));
        m.modelProperty().set("baseline");
        assertTrue(m.problemProperty(Page.MODEL).get().contains("5-slice stacks but this model"
                + " takes 3 slices"), m.problemProperty(Page.MODEL).get());
        m.modelProperty().set("tiny");
        m.batchProperty().set(2);
        m.jointEpochsProperty().set(2);
        m.detectionEpochsProperty().set(0);
        m.segmentationEpochsProperty().set(0);
        m.outProperty().set(dir.resolve("run").toString());
        assertEquals("", m.problemProperty(Page.SUMMARY).get());
        assertFalse(m.request().needsPreprocessing());
        m.measure();
        String estimate = m.estimateProperty().get();
        assertTrue(estimate.startsWith("Run time at most about "), estimate);
        assertTrue(estimate.contains("2 epoch(s) of "), estimate);
        assertTrue(estimate.contains("2 validation(s) of "), estimate);
        m.hardNegativeEveryProperty().set(1);
        m.hardRoiShareProperty().set(0.5);
        m.measure();
        String mined = m.estimateProperty().get();
        assertTrue(mined.contains(", 1 mining(s) of the training samples"), mined);
    }

    @Test
    void theEstimateCountsEveryBatchOfEveryRemainingEpoch() {
        RunTimeEstimate e = new RunTimeEstimate(1.5, 80, 19, 35);
        assertEquals(35 * 99 * 1.5, e.seconds(), 1e-9);
        assertTrue(e.text().startsWith("at most about 1 h 26 min: 35 epoch(s) of 80 training"
                + " batches, 35 validation(s) of 19 batches, at 1.50 s a step"), e.text());
        // the 30-minute recipe: 256-pixel windows of 512-pixel slices, the joint phase's 16
        // epochs validated and 5 minings, whole-slice batches at four windows' price
        RunTimeEstimate shortRun = new RunTimeEstimate(1.5, 80, 19, 32, 16, 5, 4);
        assertEquals((32 * 80 + (16 * 19 + 5 * 80) * 4) * 1.5, shortRun.seconds(), 1e-9);
        assertTrue(shortRun.text().contains("16 validation(s) of 19 batches, 5 mining(s)"),
                shortRun.text());
    }

    @Test
    void aModelFolderOrFileThatCannotBeReadIsNamed(@TempDir Path dir) {
        TrainingWizardModel m = model();
        m.data().folderProperty().set(luna.toString());
        m.fromFolderProperty().set(true);
        assertTrue(m.problemProperty(Page.MODEL).get().contains("Choose the model folder"));
        m.initFolderProperty().set(dir.resolve("nothing").toString());
        assertTrue(m.problemProperty(Page.MODEL).get().contains("nothing"),
                m.problemProperty(Page.MODEL).get());
        assertFalse(m.lambdaEditableProperty().get(), "a folder brings its own lambda");
        m.fromFolderProperty().set(false);
        m.modelProperty().set(TrainingWizardModel.FILE);
        m.configFileProperty().set(dir.resolve("config.json").toString());
        assertTrue(m.problemProperty(Page.MODEL).get().contains("config.json"));
        m.modelProperty().set("baseline");
        assertEquals("", m.problemProperty(Page.MODEL).get());
        assertTrue(m.modelNoteProperty().get().contains("cut as 3-slice stacks"),
                m.modelNoteProperty().get());
    }
}
