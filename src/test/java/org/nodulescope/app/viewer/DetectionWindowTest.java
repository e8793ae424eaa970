package org.nodulescope.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.TinyModelFixture;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OverlayItem;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.FxTaskExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Detection in the real window with the real background runner: a tiny untrained model finds
 * marks on the phantom, the list fills with TP/FP/FN rows, the window keeps answering while the
 * run goes on, cancelling keeps nothing, and a damaged model folder is refused.
 */
@ExtendWith(ApplicationExtension.class)
class DetectionWindowTest {

    @TempDir
    static Path settingsDir;

    private ViewerWindow window;

    @Start
    void start(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(760);
        window = ViewerWindow.show(stage, new FxTaskExecutor(),
                new SettingsStore(settingsDir.resolve("viewer.json")));
    }

    private ViewerModel model() {
        return window.model();
    }

    /** Waits for a state, then for the JavaFX events queued with it (dialogs, redraws). */
    private static void await(BooleanSupplier condition, String what) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> condition.getAsBoolean());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(condition.getAsBoolean(), what);
    }

    private void openScanAndModel(FxRobot robot, Path modelFolder) throws TimeoutException {
        robot.interact(() -> {
            model().open(PhantomFixture.scan());
            model().detection().openModel(modelFolder);
        });
        await(() -> model().scanProperty().get() != null && model().lungsProperty().get() != null,
                "scan and lungs");
        await(() -> model().detection().modelProperty().get().state()
                != DetectionModel.ModelState.LOADING, "model loaded");
    }

    @Test
    void aRunFillsTheListWhileTheWindowKeepsAnsweringAndTheListExports(FxRobot robot,
            @TempDir Path tmp) throws Exception {
        openScanAndModel(robot, TinyModelFixture.folder());
        assertEquals(DetectionModel.ModelState.READY,
                model().detection().modelProperty().get().state());
        // an untrained network's marks are weak: see them all
        setMinProbability(robot, 0.0);
        assertTrue(model().status().deviceProperty().get().startsWith("Device: "));
        // every slice change made while the run is going is recorded with the run's state
        List<Boolean> changedWhileRunning = new CopyOnWriteArrayList<>();
        robot.interact(() -> model().display().sliceProperty().addListener((o, a, b) ->
                changedWhileRunning.add(model().detection().runningProperty().get())));
        robot.clickOn("#detectButton");
        assertTrue(model().detection().runningProperty().get(), "the run started");
        robot.clickOn("#slice-view");
        robot.type(KeyCode.DOWN, 3);
        robot.moveTo("#slice-view").scroll(2, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(changedWhileRunning.contains(true),
                "slices changed during the run: " + changedWhileRunning);
        await(() -> !model().detection().runningProperty().get(), "the run ended");

        List<NoduleRow> rows = List.copyOf(model().nodules().all());
        assertFalse(rows.isEmpty(), "the untrained network marks something");
        assertTrue(rows.stream().anyMatch(r -> r.status() == NoduleStatus.FP),
                "an untrained network's marks are mostly false positives");
        long truths = model().scanProperty().get().annotations().nodules().size();
        long tpOrFn = rows.stream().filter(r -> r.status() == NoduleStatus.TP
                || r.status() == NoduleStatus.FN).count();
        assertEquals(truths, tpOrFn, "every annotated nodule is found or missed once");
        String counts = robot.lookup("#countsLabel").queryAs(Label.class).getText();
        assertTrue(counts.matches("\\d+ TP  \\d+ FP  \\d+ FN"), counts);

        // the first prediction's slice shows its green box; selecting it goes there
        NoduleRow first = rows.get(0);
        robot.interact(() -> model().nodules().selectedProperty().set(first));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(first.focusSlice(), model().display().slice());
        List<OverlayItem> marks = model().overlays();
        assertTrue(marks.stream().anyMatch(m -> m.kind() == OverlayItem.Kind.PREDICTION
                && m.noduleId() == first.id()), "the selected nodule is marked on its slice");
        assertTrue(model().status().messageProperty().get().startsWith("Detection: "));

        Path csv = tmp.resolve("nodules.csv");
        robot.interact(() -> model().exportNodules(csv));
        await(() -> Files.exists(csv), "the CSV file");
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", org.nodulescope.app.nodules.NoduleCsv.COLUMNS),
                lines.get(0));
        assertEquals(rows.size() + 1, lines.size());
        assertTrue(lines.get(1).startsWith(PhantomFixture.seriesUid() + ",1,"), lines.get(1));

        // at 1.00 no prediction is shown: the list keeps only the annotated nodules, missed
        int predictions = (int) rows.stream().filter(r -> r.status() != NoduleStatus.FN)
                .count();
        setMinProbability(robot, 1.0);
        assertEquals(truths, model().nodules().all().size());
        assertEquals(truths, robot.lookup("#noduleTable").queryAs(TableView.class)
                .getItems().size(), "the table shows the recount");
        assertTrue(model().nodules().all().stream().allMatch(r -> r.status() == NoduleStatus.FN));
        assertEquals("0 of " + predictions + " shown, >= 1.00",
                robot.lookup("#shownLabel").queryAs(Label.class).getText());
        assertEquals("0 TP  0 FP  " + truths + " FN",
                robot.lookup("#countsLabel").queryAs(Label.class).getText());
        robot.interact(() -> model().display().sliceProperty().set(first.focusSlice()));
        assertTrue(model().overlays().stream()
                .noneMatch(m -> m.kind() == OverlayItem.Kind.PREDICTION), "no mark drawn");
        setMinProbability(robot, 0.0);
        assertEquals(rows, List.copyOf(model().nodules().all()), "back at 0, the same list");
        assertEquals(predictions + " of " + predictions + " shown, >= 0.00",
                robot.lookup("#shownLabel").queryAs(Label.class).getText());
        SettingsStore saved = new SettingsStore(settingsDir.resolve("viewer.json"));
        await(() -> Double.valueOf(0.0).equals(saved.load().minProbability()),
                "the choice is remembered");
    }

    /** Sets the spinner in the nodule pane, as its arrows would. */
    private static void setMinProbability(FxRobot robot, double value) {
        @SuppressWarnings("unchecked")
        Spinner<Double> spinner = robot.lookup("#minProbabilitySpinner").queryAs(Spinner.class);
        robot.interact(() -> spinner.getValueFactory().setValue(value));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(value, spinner.getValue(), 1e-9);
    }

    @Test
    void cancellingLeavesNothingHalfDrawn(FxRobot robot) throws Exception {
        openScanAndModel(robot, TinyModelFixture.folder());
        robot.interact(() -> {
            model().detect();
            model().detection().cancel();
        });
        await(() -> !model().detection().runningProperty().get(), "the run ended");
        Thread.sleep(300); // a late result would arrive now
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model().nodules().all().isEmpty());
        assertTrue(model().overlays().stream()
                .noneMatch(m -> m.kind() == OverlayItem.Kind.PREDICTION));
        assertTrue(model().status().messageProperty().get().startsWith("Detection cancelled"),
                model().status().messageProperty().get());
        assertFalse(robot.lookup("#detectButton").queryAs(Button.class).isDisabled(),
                "ready for another run");
    }

    @Test
    void aDamagedModelFolderIsRefusedWithItsReason(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        Path damaged = tmp.resolve("damaged");
        Files.createDirectories(damaged);
        try (var files = Files.list(TinyModelFixture.folder())) {
            for (Path f : files.toList()) {
                Files.copy(f, damaged.resolve(f.getFileName()));
            }
        }
        byte[] params = Files.readAllBytes(damaged.resolve("parameters.bin"));
        params[params.length / 2] ^= 0x55;
        Files.write(damaged.resolve("parameters.bin"), params);
        openScanAndModel(robot, damaged);
        DetectionModel.ModelStatus s = model().detection().modelProperty().get();
        assertEquals(DetectionModel.ModelState.REFUSED, s.state());
        assertTrue(s.text().contains("damaged") || s.text().contains("parameters.bin"),
                s.text());
        assertTrue(robot.lookup("#detectButton").queryAs(Button.class).isDisabled());
        DialogPane dialog = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        assertTrue(robot.from(dialog).lookup("#error-message").queryAs(Label.class).getText()
                .contains("parameters.bin"));
        robot.interact(() -> dialog.getScene().getWindow().hide());
    }

    @Test
    void closingDuringARunStopsItAndFreesTheNetwork(FxRobot robot) throws Exception {
        openScanAndModel(robot, TinyModelFixture.folder());
        robot.interact(() -> model().detect());
        assertTrue(model().detection().networkLoaded());
        robot.interact(() -> window.scene().getWindow().hide());
        assertFalse(model().detection().networkLoaded(), "closing frees the network");
        assertTrue(model().nodules().all().isEmpty());
    }
}
