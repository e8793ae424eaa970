package org.nodulescope.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import javafx.geometry.Bounds;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.app.PhantomFixture;
import org.nodulescope.app.display.ArgbSlice;
import org.nodulescope.app.display.Background;
import org.nodulescope.app.display.WindowPreset;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.CurrentThreadTaskExecutor;
import org.nodulescope.io.DicomTestFolders;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.WorldPoint;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The viewer window under Monocle, headless, with the jobs run at once on the JavaFX thread: open
 * the phantom scan, then check what each control does to the pixels and the state.
 */
@ExtendWith(ApplicationExtension.class)
class ViewerWindowTest {

    @TempDir
    static Path settingsDir;

    private ViewerWindow window;

    @Start
    void start(Stage stage) {
        stage.setWidth(1100);
        stage.setHeight(760);
        window = ViewerWindow.show(stage, new CurrentThreadTaskExecutor(),
                new SettingsStore(settingsDir.resolve("viewer.json")));
    }

    private ViewerModel model() {
        return window.model();
    }

    private void openFixture(FxRobot robot) {
        robot.interact(() -> model().open(PhantomFixture.scan()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private ArgbSlice slice() {
        WaitForAsyncUtils.waitForFxEvents();
        return window.controller().sliceView().lastSlice();
    }

    @Test
    void opensTheScanAtItsMiddleSliceWithLungsAndGroundTruth(FxRobot robot) {
        openFixture(robot);
        ScanSession s = model().scanProperty().get();
        assertNotNull(s);
        assertEquals(PhantomFixture.SLICES / 2, model().display().slice());
        assertEquals(PhantomFixture.SIZE, slice().width());
        assertTrue(model().status().lungsProperty().get().contains("seg-lungs-LUNA16"),
                model().status().lungsProperty().get());
        assertTrue(model().lungMask().isPresent());
        assertTrue(((Stage) window.scene().getWindow()).getTitle().contains(s.displayName()));
        assertEquals(PhantomFixture.scan().toAbsolutePath().normalize(),
                model().recentScans().get(0));
    }

    @Test
    void lightBlueBackgroundChangesExactlyTheNonLungPixels(FxRobot robot) {
        openFixture(robot);
        int z = model().display().slice();
        VolumeMask lungs = model().lungMask().orElseThrow();
        int[] before = pixels(slice());
        robot.interact(() -> {
            model().display().backgroundProperty().set(Background.LIGHT_BLUE);
            model().display().lungMaskProperty().set(true);
        });
        int[] after = pixels(slice());
        int n = PhantomFixture.SIZE;
        int lungPixels = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                if (lungs.contains(x, y, z)) {
                    lungPixels++;
                    assertEquals(before[i], after[i], "lung pixel " + x + "," + y);
                } else {
                    assertEquals(0xFFADD8E6, after[i], "background pixel " + x + "," + y);
                }
            }
        }
        assertTrue(lungPixels > 100, "the middle slice shows lungs");
    }

    @Test
    void claheChangesLungPixelsAndTheToolbarFollowsTheMenu(FxRobot robot) {
        openFixture(robot);
        int[] before = pixels(slice());
        robot.interact(() -> model().display().claheProperty().set(true));
        int[] after = pixels(slice());
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != after[i]) {
                changed++;
            }
        }
        assertTrue(changed > before.length / 10, "CLAHE changed " + changed + " pixels");
        assertTrue(robot.lookup("#claheToggle").queryAs(javafx.scene.control.ToggleButton.class)
                .isSelected());
    }

    @Test
    void groundTruthBoxesAreDrawnInRedAndHideWithTheirToggle(FxRobot robot) {
        openFixture(robot);
        NoduleTargets.Target t = model().scanProperty().get().truth().targets().stream()
                .max(java.util.Comparator.comparingDouble(x -> x.box().area())).orElseThrow();
        robot.interact(() -> model().display().sliceProperty().set(t.slice()));
        WaitForAsyncUtils.waitForFxEvents();
        SliceView view = window.controller().sliceView();
        var tr = view.transform();
        int sx = (int) Math.round(tr.toScreenX(t.box().x1()));
        int top = (int) Math.round(tr.toScreenY(t.box().y1()));
        int bottom = (int) Math.round(tr.toScreenY(t.box().y2()));
        assertTrue(redAlong(robot, view, sx, top, bottom) > (bottom - top) / 3,
                "the (dashed) left edge of the truth box is red");
        robot.interact(() -> model().display().groundTruthProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, redAlong(robot, view, sx, top, bottom), "truth hidden");
    }

    @Test
    void keysMoveThroughSlicesAndChooseWindowPresets(FxRobot robot) {
        openFixture(robot);
        robot.clickOn("#slice-view");
        int mid = model().display().slice();
        robot.type(KeyCode.DOWN);
        assertEquals(mid + 1, model().display().slice());
        robot.type(KeyCode.UP, 2);
        assertEquals(mid - 1, model().display().slice());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(mid + 9, model().display().slice());
        robot.type(KeyCode.HOME);
        assertEquals(0, model().display().slice());
        robot.type(KeyCode.UP);
        assertEquals(0, model().display().slice(), "stays at the first slice");
        robot.type(KeyCode.END);
        assertEquals(PhantomFixture.SLICES - 1, model().display().slice());
        robot.type(KeyCode.DIGIT2);
        assertEquals(WindowPreset.MEDIASTINUM.window(), model().display().windowProperty().get());
        robot.type(KeyCode.DIGIT4);
        assertEquals(WindowPreset.PAPER.window(), model().display().windowProperty().get());
        robot.type(KeyCode.DIGIT1);
        assertEquals(WindowPreset.LUNG.window(), model().display().windowProperty().get());
        robot.type(KeyCode.C);
        assertTrue(model().display().claheProperty().get(), "C toggles CLAHE");
    }

    @Test
    void wheelPagesCtrlWheelZoomsAndRightDragSetsTheWindow(FxRobot robot) {
        openFixture(robot);
        int mid = model().display().slice();
        robot.moveTo("#slice-view");
        robot.scroll(2, javafx.geometry.VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(mid, model().display().slice());
        SliceView view = window.controller().sliceView();
        robot.press(KeyCode.CONTROL).scroll(1, javafx.geometry.VerticalDirection.UP)
                .release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(1.0, view.transform().zoom());
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.0, view.transform().zoom());
        var before = model().display().windowProperty().get();
        robot.drag("#slice-view", MouseButton.SECONDARY).moveBy(40, 0).release(MouseButton.SECONDARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model().display().windowProperty().get().width() > before.width());
        assertFalse(model().status().cursorProperty().get().isEmpty(), "cursor readout");
        assertTrue(model().status().cursorProperty().get().contains("HU"));
    }

    @Test
    void typingInTheFilterFieldDoesNotToggleTheView(FxRobot robot) {
        openFixture(robot);
        robot.clickOn("#filterField").write("cmpsg");
        assertEquals("cmpsg", robot.lookup("#filterField").queryAs(TextField.class).getText());
        assertFalse(model().display().claheProperty().get());
        assertFalse(model().display().lungMaskProperty().get());
        assertTrue(model().display().predictedBoxesProperty().get());
    }

    @Test
    void aBrokenFileShowsOneDialogAndKeepsThePreviousScan(FxRobot robot, @TempDir Path tmp)
            throws IOException {
        openFixture(robot);
        ScanSession before = model().scanProperty().get();
        Path broken = Files.writeString(tmp.resolve("broken.mhd"),
                "NDims = 3\nDimSize = 4 4 4\nElementType = MET_SHORT\nElementDataFile = gone.raw\n");
        robot.interact(() -> model().open(broken));
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup("#error-dialog").queryAs(DialogPane.class);
        String text = robot.from(dialog).lookup("#error-message").queryAs(Label.class).getText();
        assertTrue(text.contains("broken.mhd") || text.contains("gone.raw"), text);
        assertEquals(before, model().scanProperty().get());
        robot.interact(() -> dialog.getScene().getWindow().hide());
    }

    @Test
    void theViewExportsAsPng(FxRobot robot, @TempDir Path tmp) throws IOException {
        openFixture(robot);
        Path png = tmp.resolve("view.png");
        robot.interact(() -> window.controller().exportView(png));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.size(png) > 1000);
        var img = javax.imageio.ImageIO.read(png.toFile());
        Bounds b = window.controller().sliceView().getLayoutBounds();
        assertEquals((int) Math.ceil(b.getWidth()), img.getWidth());
    }

    @Test
    void selectingARowMovesToItsSliceAndCentresIt(FxRobot robot) {
        openFixture(robot);
        NoduleRow near = new NoduleRow(1, NoduleStatus.TP, OptionalDouble.of(0.9),
                new WorldPoint(0, 0, 0), 3, 7, 5, 30.5, 40.5, OptionalDouble.of(6),
                OptionalDouble.of(110), "solid");
        NoduleRow far = new NoduleRow(2, NoduleStatus.FN, OptionalDouble.empty(),
                new WorldPoint(0, 0, 0), 20, 26, 23, 90.5, 70.5, OptionalDouble.of(9),
                OptionalDouble.empty(), "");
        robot.interact(() -> model().nodules().setRows(List.of(near, far)));
        robot.clickOn("FN");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(23, model().display().slice(), "an FN row jumps to the missed nodule");
        assertEquals(2, model().selectedNodule());
        var t = window.controller().sliceView().transform();
        assertEquals(t.viewWidth() / 2, t.toScreenX(90.5), 1e-6);
        assertEquals(t.viewHeight() / 2, t.toScreenY(70.5), 1e-6);
        // the close-up shows the scan around the nodule: grey levels, not the empty black
        int[] lit = new int[2];
        robot.interact(() -> {
            WritableImage close = robot.lookup("#magnifier").query().snapshot(null, null);
            lit[1] = (int) close.getWidth() * ((int) close.getHeight() - 24);
            for (int y = 24; y < (int) close.getHeight(); y++) {
                for (int x = 0; x < (int) close.getWidth(); x++) {
                    if ((close.getPixelReader().getArgb(x, y) & 0xFFFFFF) != 0) {
                        lit[0]++;
                    }
                }
            }
        });
        assertTrue(lit[0] > lit[1] / 5, "the magnifier shows the slice (" + lit[0] + " of "
                + lit[1] + " pixels lit)");
        robot.clickOn("TP");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(5, model().display().slice());
        assertEquals("1 TP  0 FP  1 FN", robot.lookup("#countsLabel").queryAs(Label.class)
                .getText());
        robot.clickOn("#filterField").write("fn");
        assertEquals(1, robot.lookup("#noduleTable").queryAs(javafx.scene.control.TableView.class)
                .getItems().size());
    }

    @Test
    void aDicomFolderWithTwoSeriesAsksWhichToOpen(FxRobot robot, @TempDir Path tmp)
            throws Exception {
        List<String> uids = DicomTestFolders.writeTwoSeries(tmp);
        javafx.application.Platform.runLater(() -> model().open(tmp));
        WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> robot.lookup("#series-dialog").tryQuery().isPresent());
        DialogPane dialog = robot.lookup("#series-dialog").queryAs(DialogPane.class);
        assertTrue(dialog.getHeaderText().contains("holds 2 series"), dialog.getHeaderText());
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> choice = robot.from(dialog)
                .lookup(".combo-box").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> choice.getSelectionModel().select(1));
        assertTrue(choice.getValue().contains("Soft tissue"), choice.getValue());
        robot.clickOn(robot.from(dialog).lookup(".button").match(
                n -> n instanceof javafx.scene.control.Button b && b.isDefaultButton())
                .queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        ScanSession s = model().scanProperty().get();
        assertEquals(uids.get(1), s.seriesUid());
        assertEquals(4, s.ct().size().z());
        assertEquals(40, s.ct().value(0, 0, 0), 1e-9);
        assertTrue(model().status().lungsProperty().get().startsWith("No lungs found"),
                "a scan without lungs opens, the reason in the status bar");
    }

    private static int[] pixels(ArgbSlice img) {
        return img.pixels().clone();
    }

    /** Red pixels in screen columns x-1..x+1 between two rows of a snapshot of the view. */
    private static int redAlong(FxRobot robot, SliceView view, int x, int top, int bottom) {
        int[] count = new int[1];
        robot.interact(() -> {
            WritableImage shot = view.snapshot(null, null);
            for (int y = top; y <= bottom; y++) {
                boolean red = false;
                for (int dx = -1; dx <= 1; dx++) {
                    red |= isRed(shot.getPixelReader().getArgb(x + dx, y));
                }
                if (red) {
                    count[0]++;
                }
            }
        });
        return count[0];
    }

    private static boolean isRed(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return r > 200 && g < 120 && b < 120;
    }
}
