package org.nodulescope.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.WorkflowMenus;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.FxTaskExecutor;
import org.nodulescope.app.viewer.DetectionModel;
import org.nodulescope.app.viewer.ViewerWindow;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.train.RateSchedule;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.ValidationFinding;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The training wizard and its dashboard in real windows with the real background runner, on a
 * LUNA16-layout phantom of six 96-pixel scans: the wizard walks its pages (and refuses a split
 * without validation scans), Finish preprocesses the data and starts a one-epoch-per-phase run
 * of the tiny configuration, the charts receive points, Stop writes a checkpoint that Resume
 * continues, closing during the run asks first, and a checkpoint of the finished run loads into
 * the viewer.
 */
@ExtendWith(ApplicationExtension.class)
class TrainingWizardWindowTest {

    @TempDir
    static Path shared;

    private static Path luna;

    private static final ButtonBar.ButtonData NEXT = ButtonBar.ButtonData.NEXT_FORWARD;

    private ViewerWindow window;
    private WorkflowMenus menus;

    @BeforeAll
    static void data() throws IOException {
        luna = shared.resolve("luna");
        PhantomConfig config = PhantomConfig.builder().optSizePx(96).optSliceCount(40)
                .optNodulesPerScan(1, 2).optNoduleFreeFraction(0).optExcludedPerScan(0, 0)
                .build();
        PhantomDataset.write(luna, config, 17, 6, i -> { });
    }

    @Start
    void start(Stage stage) {
        stage.setWidth(1000);
        stage.setHeight(700);
        window = ViewerWindow.show(stage, new FxTaskExecutor(),
                new SettingsStore(shared.resolve("viewer.json")));
        menus = WorkflowMenus.install(window);
    }

    private static void await(long seconds, BooleanSupplier condition, String what)
            throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new TimeoutException(what);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(condition.getAsBoolean(), what);
    }

    /** The current page's button of this kind (Next, Finish). */
    private static Button button(TrainingWizard wizard, ButtonBar.ButtonData kind) {
        DialogPane pane = wizard.wizard().getDialog().getDialogPane();
        for (ButtonType t : pane.getButtonTypes()) {
            if (t.getButtonData() == kind) {
                return (Button) pane.lookupButton(t);
            }
        }
        throw new AssertionError("no " + kind + " button on " + pane.getId() + ": "
                + pane.getButtonTypes());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Node> T on(TrainingWizard wizard, String id) {
        Node n = wizard.wizard().getDialog().getDialogPane().lookup("#" + id);
        assertNotNull(n, "#" + id + " on the current page");
        return (T) n;
    }

    private static void next(FxRobot robot, TrainingWizard wizard, String expectedPage) {
        Button next = button(wizard, NEXT);
        assertFalse(next.isDisabled(), "Next is on: " + wizard.model()
                .problemProperty(TrainingWizardModel.Page.DATA).get());
        robot.clickOn(next);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expectedPage, wizard.wizard().getDialog().getDialogPane().getId());
    }

    @Test
    void walksThePagesTrainsStopsResumesAndLoadsACheckpoint(FxRobot robot,
            @TempDir Path dir) throws Exception {
        TrainingWizard[] opened = new TrainingWizard[1];
        robot.interact(() -> opened[0] = menus.newTrainingRun());
        TrainingWizard wizard = opened[0];
        TrainingWizardModel m = wizard.model();
        assertEquals("page-data", wizard.wizard().getDialog().getDialogPane().getId());
        assertTrue(button(wizard, NEXT).isDisabled(), "no data yet");

        // (a) data: the survey's counts before anything runs
        robot.interact(() -> ((TextField) on(wizard, "data")).setText(luna.toString()));
        await(60, () -> m.data().surveyProperty().get() != null
                && !m.data().surveyingProperty().get(),
                "the survey");
        String counts = ((Label) on(wizard, "counts")).getText();
        assertTrue(counts.contains("6 scans") && counts.contains("Training")
                && counts.contains("Validation"), counts);
        robot.interact(() -> ((TextField) on(wizard, "samples")).setText(
                dir.resolve("samples").toString()));
        next(robot, wizard, "page-split");

        // (b) split: a fraction that leaves no validation scan is explained and stops the wizard
        Spinner<Double> fraction = on(wizard, "fraction");
        robot.interact(() -> fraction.getValueFactory().setValue(0.05));
        await(30, () -> !m.problemProperty(TrainingWizardModel.Page.SPLIT).get().isEmpty(),
                "the split's problem");
        assertTrue(((Label) on(wizard, "problem")).getText().contains("no scan is left for"
                + " validation"));
        assertTrue(button(wizard, NEXT).isDisabled());
        robot.interact(() -> fraction.getValueFactory().setValue(0.25));
        await(30, () -> m.problemProperty(TrainingWizardModel.Page.SPLIT).get().isEmpty()
                && m.data().surveyProperty().get().validation().scans() > 0,
                "a split that trains");
        next(robot, wizard, "page-model");

        // (c) model: the tiny configuration from scratch on the CPU
        robot.interact(() -> ((ChoiceBox<String>) on(wizard, "preset")).setValue("tiny"));
        next(robot, wizard, "page-phases");

        // (d) phases: the 30-minute recipe shows in the options' controls, the paper's turns
        // them off; then one epoch a phase and a small batch
        robot.clickOn((Button) on(wizard, "short-run-recipe"));
        assertEquals(List.of(14, 2, 16), List.of(m.detectionEpochsProperty().get(),
                m.segmentationEpochsProperty().get(), m.jointEpochsProperty().get()));
        assertEquals(RateSchedule.COSINE_RUN,
                ((ChoiceBox<RateSchedule>) on(wizard, "rate-schedule")).getValue());
        assertEquals(256, ((Spinner<Integer>) on(wizard, "crop")).getValue());
        assertEquals(4, ((Spinner<Integer>) on(wizard, "hard-negatives")).getValue());
        assertEquals(10.0, ((Spinner<Double>) on(wizard, "clip-norm")).getValue());
        assertTrue(((CheckBox) on(wizard, "validate-joint")).isSelected());
        robot.interact(() -> {
            ((Spinner<Double>) on(wizard, "hard-rois")).getValueFactory().setValue(0.5);
            ((Spinner<Integer>) on(wizard, "warmup")).getValueFactory().setValue(160);
        });
        assertEquals(0.5, m.hardRoiShareProperty().get());
        assertEquals(160, m.warmupStepsProperty().get());
        robot.interact(() -> {
            ((Spinner<Double>) on(wizard, "ema")).getValueFactory().setValue(0.998);
            ((Spinner<Double>) on(wizard, "background-crops")).getValueFactory().setValue(0.25);
        });
        assertEquals("0.998", ((Spinner<Double>) on(wizard, "ema")).getEditor().getText(),
                "the decay with its digits");
        assertEquals(0.998, m.weightAverageProperty().get());
        assertEquals(0.25, m.backgroundCropsProperty().get());
        robot.clickOn((Button) on(wizard, "paper-schedule"));
        assertEquals(0.0, ((Spinner<Double>) on(wizard, "ema")).getValue());
        assertEquals(0.0, ((Spinner<Double>) on(wizard, "background-crops")).getValue());
        assertEquals(0.0, ((Spinner<Double>) on(wizard, "hard-rois")).getValue());
        assertEquals(0, ((Spinner<Integer>) on(wizard, "warmup")).getValue());
        assertEquals(List.of(9, 5, 21), List.of(m.detectionEpochsProperty().get(),
                m.segmentationEpochsProperty().get(), m.jointEpochsProperty().get()));
        assertEquals(0, ((Spinner<Integer>) on(wizard, "crop")).getValue());
        assertEquals(0, ((Spinner<Integer>) on(wizard, "hard-negatives")).getValue());
        assertFalse(((CheckBox) on(wizard, "validate-joint")).isSelected());
        assertEquals(1e-4, m.learningRateProperty().get(), 0);
        robot.interact(() -> {
            ((Spinner<Integer>) on(wizard, "detection-epochs")).getValueFactory().setValue(1);
            ((Spinner<Integer>) on(wizard, "segmentation-epochs")).getValueFactory()
                    .setValue(1);
            ((Spinner<Integer>) on(wizard, "joint-epochs")).getValueFactory().setValue(1);
            ((Spinner<Integer>) on(wizard, "batch")).getValueFactory().setValue(2);
        });
        next(robot, wizard, "page-summary");

        // (e) summary: the run folder, and when the estimate comes for data not yet cut
        Path run = dir.resolve("run");
        robot.interact(() -> ((TextField) on(wizard, "out")).setText(run.toString()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(((Label) on(wizard, "estimate")).getText().contains("after preprocessing"),
                ((Label) on(wizard, "estimate")).getText());
        assertTrue(((Label) on(wizard, "summary")).getText().contains("1 / 1 / 1 epochs"));
        Button finish = button(wizard, ButtonBar.ButtonData.FINISH);
        assertFalse(finish.isDisabled(), m.problemProperty(TrainingWizardModel.Page.SUMMARY)
                .get());
        robot.clickOn(finish);

        // the dashboard: preprocessing, then training with live charts
        DashboardModel d = menus.dashboard().model();
        DashboardController c = menus.dashboard().controller();
        await(300, () -> !d.epochs().isEmpty() || d.stateProperty().get()
                == DashboardModel.State.FAILED, "the first epoch");
        assertEquals(DashboardModel.State.TRAINING, d.stateProperty().get(),
                d.outcomeProperty().get());
        assertTrue(Files.isRegularFile(dir.resolve("samples").resolve("manifest.json")),
                "preprocessed first");
        assertTrue(d.estimateProperty().get().startsWith("Run time at most about"),
                d.estimateProperty().get());
        robot.clickOn("#stopButton");
        await(300, () -> !d.stateProperty().get().active(), "the run stops");
        assertEquals(DashboardModel.State.STOPPED, d.stateProperty().get(),
                d.outcomeProperty().get());
        assertTrue(RunCheckpoints.holdsRun(run));
        assertTrue(RunCheckpoints.of(run).stream().anyMatch(k -> k.name().equals("last")),
                "Stop wrote last/");
        assertTrue(seriesWithPoints(c.lossChart()) >= 3, "a line per named loss");
        assertTrue(seriesWithPoints(c.metricsChart()) >= 3, "precision, recall, F1 at least");
        assertEquals(2, c.lossChart().markerLinesDrawn(), "the two phase boundaries");
        assertFalse(robot.lookup("#resumeButton").queryButton().isDisabled());

        // Resume continues from last/; closing meanwhile asks, and keeping the run keeps it
        int epochsBefore = d.epochs().size();
        robot.clickOn("#resumeButton");
        await(30, () -> d.stateProperty().get() == DashboardModel.State.TRAINING,
                "resumed");
        Stage dashboard = menus.dashboard().stage();
        robot.interact(() -> dashboard.fireEvent(new WindowEvent(dashboard,
                WindowEvent.WINDOW_CLOSE_REQUEST)));
        DialogPane question = robot.lookup("#stop-question").queryAs(DialogPane.class);
        robot.clickOn((Button) question.lookupButton(TrainingDashboard.KEEP));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(dashboard.isShowing(), "keeping the run keeps the window");
        await(600, () -> !d.stateProperty().get().active(), "the resumed run ends");
        assertEquals(DashboardModel.State.FINISHED, d.stateProperty().get(),
                d.outcomeProperty().get());
        assertEquals(3, d.epochs().size(), "the stopped epochs and the rest, none twice");
        assertTrue(d.epochs().size() > epochsBefore);

        // the Findings tab: the newest validation's merged predictions and missed nodules, as
        // many of each as its metrics count and as its table in the run folder holds
        TabPane tabs = robot.lookup("#sideTabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        ValidationFindingsModel findings = d.findings();
        assertEquals(List.of(1, 2, 3), findings.epochs(), "every epoch validated");
        assertEquals(3, findings.shownEpochProperty().get());
        ValidationMetrics last = d.epochs().get(2).metrics();
        TableView<ValidationFinding> table = c.findingsTable();
        assertEquals(last.tp() + last.fp() + last.fn(), table.getItems().size());
        assertEquals(Files.readAllLines(run.resolve("validation").resolve("epoch-003.csv"))
                .size() - 1, table.getItems().size(), "the rows of validation/epoch-003.csv");
        String shown = robot.lookup("#findingsSummary").queryAs(Label.class).getText();
        assertTrue(shown.startsWith("Epoch 3: found " + last.tp() + " of "
                + (last.tp() + last.fn()) + " nodules"), shown);
        assertTrue(table.isVisible());

        // Show: the chosen finding's scan opens in the viewer at the finding's slice
        ValidationFinding first = table.getItems().get(0);
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#showFindingButton");
        await(120, () -> window.model().scanProperty().get() != null
                && window.model().scanProperty().get().seriesUid().equals(first.seriesUid())
                && window.model().display().sliceProperty().get() == first.centreSlice(),
                "the finding's scan at its slice in the viewer");
        assertTrue(d.log().get(d.log().size() - 1).startsWith("In the viewer: "),
                d.log().get(d.log().size() - 1));

        // a checkpoint of the run goes to the viewer's detection
        assertFalse(d.checkpoints().isEmpty());
        robot.clickOn("#loadButton");
        DetectionModel det = window.model().detection();
        await(120, () -> det.modelProperty().get().state() != DetectionModel.ModelState.LOADING
                && det.modelProperty().get().state() != DetectionModel.ModelState.NONE,
                "the checkpoint loads");
        assertEquals(DetectionModel.ModelState.READY, det.modelProperty().get().state(),
                det.modelProperty().get().text());
    }

    private static long seriesWithPoints(javafx.scene.chart.XYChart<Number, Number> chart) {
        return chart.getData().stream().map(XYChart.Series::getData)
                .filter(data -> !data.isEmpty()).count();
    }
}
