package org.nodulescope.app.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.TinyModelFixture;
import org.nodulescope.app.WorkflowMenus;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OverlayItem;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.FxTaskExecutor;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.app.viewer.ViewerWindow;
import org.nodulescope.detect.Cancellation;
import org.nodulescope.detect.DatasetEvaluation;
import org.nodulescope.detect.DetectionOptions;
import org.nodulescope.detect.DetectionService;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The research view in the real window with the real background runner, on an evaluation folder
 * the test makes itself: the phantom data set detected with the tiny untrained model and
 * evaluated. Selecting a missed nodule opens its scan at the annotation's slice with the
 * overlays on; the filters, the keys, the chart and the metrics show what the folder holds; a
 * case of a scan that is not on this machine is listed, and the rest still open.
 */
@ExtendWith(ApplicationExtension.class)
class ResearchWindowTest {

    @TempDir
    static Path shared;

    private static Path evaluation;

    private ViewerWindow window;
    private WorkflowMenus menus;

    @BeforeAll
    static void evaluate() throws IOException {
        evaluation = shared.resolve("evaluation");
        try (DetectionService service = DetectionService.open(TinyModelFixture.folder(),
                ComputeDevice.Request.CPU, DetectionOptions.defaults())) {
            DatasetEvaluation.run(PhantomFixture.root(), service, evaluation, 40, 1,
                    new DatasetEvaluation.Listener() { }, new Cancellation());
        }
    }

    @Start
    void start(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(760);
        window = ViewerWindow.show(stage, new FxTaskExecutor(),
                new SettingsStore(shared.resolve("viewer.json")));
        menus = WorkflowMenus.install(window);
    }

    private ViewerModel viewer() {
        return window.model();
    }

    private static void await(BooleanSupplier condition, String what) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(condition.getAsBoolean(), what);
    }

    private ResearchModel openEvaluation(FxRobot robot, Path folder) throws TimeoutException {
        robot.interact(() -> {
            menus.research().show();
            menus.research().model().open(folder);
        });
        ResearchModel m = menus.research().model();
        await(() -> m.summaryProperty().get() != null && !m.busyProperty().get(),
                "the evaluation is read");
        return m;
    }

    @Test
    void selectingAMissedNoduleShowsItsSliceWithTheOverlaysOn(FxRobot robot) throws Exception {
        ResearchModel m = openEvaluation(robot, evaluation);
        List<CaseRow> all = List.copyOf(m.all());
        assertFalse(all.isEmpty());
        assertTrue(m.scans().missing().isEmpty(), m.scans().missing().toString());
        long fn = all.stream().filter(r -> r.status() == MatchStatus.FN).count();
        assertTrue(fn > 0, "the untrained network misses a nodule: " + all);
        // the evaluation scores every prediction; so does the viewer at a minimum of 0
        robot.interact(() -> viewer().nodules().minProbabilityProperty().set(0.0));

        robot.interact(() -> m.statusFilterProperty().set(MatchStatus.FN));
        assertEquals(fn, m.shown().size());
        assertTrue(m.shown().stream().allMatch(r -> r.status() == MatchStatus.FN));
        CaseRow missed = m.shown().get(0);
        assertTrue(missed.centreSlice() >= 0);
        robot.interact(() -> m.selectedProperty().set(missed));
        await(() -> viewer().scanProperty().get() != null
                && viewer().display().slice() == missed.centreSlice()
                && !viewer().nodules().all().isEmpty(), "the scan at the missed nodule");
        assertEquals(PhantomFixture.seriesUid(), viewer().scanProperty().get().seriesUid());
        assertTrue(viewer().display().groundTruthProperty().get());
        assertTrue(viewer().display().predictedBoxesProperty().get());
        assertTrue(viewer().overlays().stream().anyMatch(o -> o.kind() == OverlayItem.Kind.TRUTH
                && o.status() == NoduleStatus.FN), "the missed nodule is marked on its slice");
        NoduleRow selected = viewer().nodules().selectedProperty().get();
        assertNotNull(selected, "the list shows the case's row");
        assertEquals(NoduleStatus.FN, selected.status());
        // the viewer's list agrees with the evaluation's cases of that scan
        long viewerFp = viewer().nodules().all().stream()
                .filter(r -> r.status() == NoduleStatus.FP).count();
        long evaluationFp = all.stream().filter(r -> r.status() == MatchStatus.FP).count();
        assertEquals(evaluationFp, viewerFp);

        // the chart and the side panel
        assertFalse(menus.research().controller().chart().getData().get(0).getData().isEmpty());
        assertFalse(menus.research().controller().chart().bandOutline().isEmpty(),
                "the bootstrap band is drawn");
        String metrics = robot.lookup(".metrics-label").queryAs(Label.class).getText();
        assertTrue(metrics.startsWith("CPM "), metrics);
        assertTrue(metrics.contains("Precision ") && metrics.contains("F1 ")
                && metrics.contains("FN " + fn), metrics);
    }

    @Test
    void aCaseBelowTheViewersMinimumProbabilityLowersItAndSaysSo(FxRobot robot)
            throws Exception {
        ResearchModel m = openEvaluation(robot, evaluation);
        CaseRow weak = m.all().stream().filter(r -> r.status() == MatchStatus.FP)
                .min(java.util.Comparator.comparingDouble(CaseRow::probability)).orElseThrow(
                        () -> new AssertionError("the untrained network has a false alarm"));
        assertTrue(weak.probability() < 1);
        robot.interact(() -> viewer().nodules().minProbabilityProperty().set(1.0));
        robot.interact(() -> m.selectedProperty().set(weak));
        await(() -> viewer().nodules().selectedProperty().get() != null, "the case's row");
        double lowered = viewer().nodules().operatingPoint().minProbability();
        assertTrue(lowered <= weak.probability() && lowered > weak.probability() - 0.05,
                "lowered to the step that shows it: " + lowered + " for " + weak.probability());
        assertEquals(weak.noduleRank(), viewer().nodules().selectedProperty().get().id());
        assertTrue(viewer().overlays().stream().anyMatch(o -> o.kind()
                == OverlayItem.Kind.PREDICTION && o.noduleId() == weak.noduleRank()),
                "the case is drawn");
        String message = viewer().status().messageProperty().get();
        assertTrue(message.startsWith("Minimum probability lowered from 1.00 to "), message);
    }

    @Test
    void theKeysPageThroughTheCasesAsSortedAndFilteredByScan(FxRobot robot) throws Exception {
        ResearchModel m = openEvaluation(robot, evaluation);
        robot.interact(() -> m.scanFilterProperty().set(PhantomFixture.seriesUid()));
        assertEquals(m.all().size(), m.shown().size());
        robot.interact(() -> m.scanFilterProperty().set("not-a-scan"));
        assertEquals(0, m.shown().size());
        robot.interact(() -> m.scanFilterProperty().set(""));
        robot.clickOn("#caseTable");
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(m.shown().get(0), m.selectedProperty().get(), "N selects the first case");
        robot.type(KeyCode.N);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(m.shown().get(Math.min(1, m.shown().size() - 1)),
                m.selectedProperty().get());
        robot.type(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(m.shown().get(0), m.selectedProperty().get(), "P goes back");
        await(() -> viewer().scanProperty().get() != null, "the case's scan opened");
    }

    @Test
    void casesOfScansNotOnThisMachineAreListedAndTheRestOpen(FxRobot robot,
            @TempDir Path tmp) throws Exception {
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        try (var files = Files.list(evaluation)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, other.resolve(f.getFileName()));
            }
        }
        // a missed nodule of a scan from another data set
        Files.writeString(other.resolve("cases.csv"),
                "1.2.840.999,FN,,10.0,20.0,-100.0,,,,6.0,,,0,\n", StandardOpenOption.APPEND);
        ResearchModel m = openEvaluation(robot, other);
        assertEquals(List.of("1.2.840.999"), m.scans().missing());
        assertTrue(m.missingTextProperty().get().contains("1.2.840.999"),
                m.missingTextProperty().get());
        CaseRow foreign = m.all().stream().filter(r -> r.seriesUid().equals("1.2.840.999"))
                .findFirst().orElseThrow();
        robot.interact(() -> m.selectedProperty().set(foreign));
        assertTrue(m.messageProperty().get().contains("was not found"),
                m.messageProperty().get());
        CaseRow ours = m.all().stream().filter(r -> !r.seriesUid().equals("1.2.840.999"))
                .findFirst().orElseThrow();
        robot.interact(() -> m.selectedProperty().set(ours));
        await(() -> viewer().scanProperty().get() != null
                && viewer().scanProperty().get().seriesUid().equals(ours.seriesUid()),
                "a case of a scan that is here still opens");
    }

    @Test
    void evaluatingADataSetRunsInTheBackgroundAndOpensTheResult(FxRobot robot,
            @TempDir Path tmp) throws Exception {
        // a smaller data set than the shared one: only the way through is tested here
        Path data = tmp.resolve("small");
        PhantomDataset.write(data, PhantomConfig.builder().optSizePx(64).optSliceCount(24)
                .optNodulesPerScan(1, 1).optNoduleFreeFraction(0).optExcludedPerScan(0, 0)
                .build(), 2, 1, i -> { });
        Path out = tmp.resolve("evaluation");
        robot.interact(() -> {
            menus.research().show();
            menus.research().model().evaluate(new EvaluationRequest(data,
                    TinyModelFixture.folder(), out, 10));
        });
        ResearchModel m = menus.research().model();
        assertTrue(m.busyProperty().get(), "the evaluation runs in the background");
        await(() -> m.summaryProperty().get() != null && !m.busyProperty().get(),
                "the evaluation is made and opened");
        assertEquals(out, m.summaryProperty().get().folder());
        assertTrue(Files.isRegularFile(out.resolve("detections").resolve("seriesuids.csv")));
        assertFalse(m.all().isEmpty());
        assertTrue(m.scans().missing().isEmpty());
    }
}
