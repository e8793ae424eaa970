package org.nodulescope.app.viewer;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.nodulescope.app.display.Background;
import org.nodulescope.app.display.WindowPreset;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.OperatingPoint;

/**
 * Binds the main window ({@code viewer.fxml}) to the {@link ViewerModel}: toggles and menu items
 * to the display model, labels to the status model, actions to the model's methods. It holds no
 * state and makes no decisions of its own.
 */
public final class MainController {

    private final ViewerModel model;
    private SliceView sliceView;

    @FXML private BorderPane root;
    @FXML private BorderPane imagePane;
    @FXML private StackPane magnifierPane;
    @FXML private MenuItem openFileItem;
    @FXML private MenuItem openFolderItem;
    @FXML private Menu recentMenu;
    @FXML private MenuItem openDemoItem;
    @FXML private MenuItem openAnnotationsItem;
    @FXML private MenuItem openModelItem;
    @FXML private MenuItem exportCsvItem;
    @FXML private MenuItem exportPngItem;
    @FXML private MenuItem quitItem;
    @FXML private CheckMenuItem lungMaskItem;
    @FXML private ToggleGroup backgroundGroup;
    @FXML private RadioMenuItem whiteItem;
    @FXML private RadioMenuItem lightBlueItem;
    @FXML private RadioMenuItem blackItem;
    @FXML private MenuItem cycleBackgroundItem;
    @FXML private CheckMenuItem claheItem;
    @FXML private CheckMenuItem boxesItem;
    @FXML private CheckMenuItem masksItem;
    @FXML private CheckMenuItem truthItem;
    @FXML private Menu presetMenu;
    @FXML private MenuItem resetViewItem;
    @FXML private MenuItem detectItem;
    @FXML private MenuItem cancelItem;
    @FXML private MenuItem shortcutsItem;
    @FXML private MenuItem aboutItem;
    @FXML private Button openButton;
    @FXML private ToggleButton lungMaskToggle;
    @FXML private MenuButton backgroundButton;
    @FXML private ToggleButton claheToggle;
    @FXML private ToggleButton boxesToggle;
    @FXML private ToggleButton masksToggle;
    @FXML private ToggleButton truthToggle;
    @FXML private MenuButton presetButton;
    @FXML private Label windowLabel;
    @FXML private Button detectButton;
    @FXML private Button cancelButton;
    @FXML private Label modelLabel;
    @FXML private Slider sliceSlider;
    @FXML private Label sliceLabel;
    @FXML private Label messageLabel;
    @FXML private Label lungsLabel;
    @FXML private Label cursorLabel;
    @FXML private Label deviceLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;
    @FXML private javafx.scene.control.TextField filterField;
    @FXML private javafx.scene.control.TableView<NoduleRow> noduleTable;
    @FXML private Label countsLabel;
    @FXML private Spinner<Double> minProbabilitySpinner;
    @FXML private Label shownLabel;

    public MainController(ViewerModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public SliceView sliceView() {
        return sliceView;
    }

    @FXML
    private void initialize() {
        sliceView = new SliceView(model);
        sliceView.setId("slice-view");
        imagePane.setCenter(sliceView);
        MagnifierView magnifier = new MagnifierView(model, sliceView);
        magnifier.setId("magnifier");
        magnifierPane.getChildren().add(magnifier);
        NoduleTable.bind(noduleTable, model.nodules());
        filterField.textProperty().bindBidirectional(model.nodules().filterProperty());
        countsLabel.textProperty().bind(model.nodules().countsProperty());
        bindMinProbability();
        bindDisplay();
        bindSlices();
        bindStatus();
        bindFileActions();
        bindHelp();
        bindDetection();
        root.setOnDragOver(this::dragOver);
        root.setOnDragDropped(this::dropped);
    }

    private void bindDisplay() {
        DisplayModel d = model.display();
        lungMaskToggle.selectedProperty().bindBidirectional(d.lungMaskProperty());
        lungMaskItem.selectedProperty().bindBidirectional(d.lungMaskProperty());
        claheToggle.selectedProperty().bindBidirectional(d.claheProperty());
        claheItem.selectedProperty().bindBidirectional(d.claheProperty());
        boxesToggle.selectedProperty().bindBidirectional(d.predictedBoxesProperty());
        boxesItem.selectedProperty().bindBidirectional(d.predictedBoxesProperty());
        masksToggle.selectedProperty().bindBidirectional(d.predictedMasksProperty());
        masksItem.selectedProperty().bindBidirectional(d.predictedMasksProperty());
        truthToggle.selectedProperty().bindBidirectional(d.groundTruthProperty());
        truthItem.selectedProperty().bindBidirectional(d.groundTruthProperty());

        whiteItem.setUserData(Background.WHITE);
        lightBlueItem.setUserData(Background.LIGHT_BLUE);
        blackItem.setUserData(Background.BLACK);
        ToggleGroup toolbarGroup = new ToggleGroup();
        for (Background b : Background.values()) {
            RadioMenuItem item = new RadioMenuItem(b.label());
            item.setUserData(b);
            item.setToggleGroup(toolbarGroup);
            backgroundButton.getItems().add(item);
        }
        for (ToggleGroup g : List.of(backgroundGroup, toolbarGroup)) {
            g.selectedToggleProperty().addListener((obs, old, now) -> {
                if (now != null) {
                    d.backgroundProperty().set((Background) now.getUserData());
                }
            });
            selectBackground(g, d.backgroundProperty().get());
            d.backgroundProperty().addListener((obs, old, now) -> selectBackground(g, now));
        }
        cycleBackgroundItem.setOnAction(e -> d.cycleBackground());

        for (WindowPreset p : WindowPreset.values()) {
            String text = p.key() + "   " + p.label() + "   " + p.window();
            MenuItem menuItem = new MenuItem(text);
            menuItem.setOnAction(e -> d.apply(p));
            presetMenu.getItems().add(menuItem);
            MenuItem buttonItem = new MenuItem(text);
            buttonItem.setOnAction(e -> d.apply(p));
            presetButton.getItems().add(buttonItem);
        }
        presetButton.textProperty().bind(Bindings.createStringBinding(() -> {
            for (WindowPreset p : WindowPreset.values()) {
                if (p.window().equals(d.windowProperty().get())) {
                    return p.label();
                }
            }
            return "Custom";
        }, d.windowProperty()));
        windowLabel.textProperty().bind(Bindings.createStringBinding(
                () -> d.windowProperty().get().toString(), d.windowProperty()));
        resetViewItem.setOnAction(e -> sliceView.resetView());
    }

    private static void selectBackground(ToggleGroup group, Background b) {
        group.getToggles().stream().filter(t -> t.getUserData() == b).findFirst()
                .ifPresent(t -> t.setSelected(true));
    }

    private void bindSlices() {
        DisplayModel d = model.display();
        sliceSlider.maxProperty().bind(Bindings.max(0, d.sliceCountProperty().subtract(1)));
        sliceSlider.disableProperty().bind(d.sliceCountProperty().lessThan(2));
        sliceSlider.setValue(d.slice());
        d.sliceProperty().addListener((obs, old, now) -> sliceSlider.setValue(now.intValue()));
        sliceSlider.valueProperty().addListener((obs, old, now) ->
                d.sliceProperty().set((int) Math.round(now.doubleValue())));
        sliceLabel.textProperty().bind(Bindings.createStringBinding(
                () -> d.sliceCountProperty().get() == 0 ? "no scan"
                        : "z " + d.slice() + " / " + (d.sliceCountProperty().get() - 1),
                d.sliceProperty(), d.sliceCountProperty()));
    }

    private void bindStatus() {
        StatusModel s = model.status();
        messageLabel.textProperty().bind(s.messageProperty());
        lungsLabel.textProperty().bind(s.lungsProperty());
        cursorLabel.textProperty().bind(s.cursorProperty());
        deviceLabel.textProperty().bind(s.deviceProperty());
        progressBar.progressProperty().bind(s.progressProperty());
        progressBar.visibleProperty().bind(s.busyProperty());
        progressLabel.textProperty().bind(s.progressTextProperty());
        progressLabel.visibleProperty().bind(s.busyProperty());
        // the labels are cut to fit the bar; their tooltips hold the whole sentence
        lungsLabel.setTooltip(new Tooltip());
        lungsLabel.getTooltip().textProperty().bind(Bindings.concat(s.lungsProperty(), "\n",
                s.groundTruthProperty()));
        messageLabel.setTooltip(new Tooltip());
        messageLabel.getTooltip().textProperty().bind(s.messageProperty());
        deviceLabel.setTooltip(new Tooltip());
        deviceLabel.getTooltip().textProperty().bind(s.deviceProperty());
    }

    private void bindFileActions() {
        DialogService dialogs = model.dialogs();
        openFileItem.setOnAction(e -> dialogs.chooseScanFile().ifPresent(model::open));
        openButton.setOnAction(e -> dialogs.chooseScanFile().ifPresent(model::open));
        openFolderItem.setOnAction(e -> dialogs.chooseDicomFolder().ifPresent(model::open));
        openDemoItem.setOnAction(e -> model.openDemo());
        openAnnotationsItem.setOnAction(e ->
                dialogs.chooseAnnotations().ifPresent(model::openAnnotations));
        openAnnotationsItem.disableProperty().bind(model.scanProperty().isNull());
        exportPngItem.setOnAction(e -> dialogs.chooseSaveFile("Export view as PNG",
                "nodulescope-view.png", "png").ifPresent(this::exportView));
        exportPngItem.disableProperty().bind(model.scanProperty().isNull());
        quitItem.setOnAction(e -> root.getScene().getWindow().hide());
        model.recentScans().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
    }

    private void rebuildRecent() {
        recentMenu.getItems().clear();
        for (Path p : model.recentScans()) {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> model.open(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** The slice view as seen (zoom, pan, overlays) to a PNG file. */
    void exportView(Path file) {
        WritableImage shot = sliceView.snapshot(new SnapshotParameters(), null);
        int w = (int) shot.getWidth();
        int h = (int) shot.getHeight();
        int[] argb = new int[w * h];
        shot.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        model.savePng(file, w, h, argb);
    }

    private void bindDetection() {
        DetectionModel det = model.detection();
        var canDetect = det.canDetect(model.scanProperty());
        detectButton.disableProperty().bind(canDetect.not());
        detectItem.disableProperty().bind(canDetect.not());
        detectButton.setOnAction(e -> model.detect());
        detectItem.setOnAction(e -> model.detect());
        cancelButton.disableProperty().bind(det.runningProperty().not());
        cancelItem.disableProperty().bind(det.runningProperty().not());
        cancelButton.setOnAction(e -> det.cancel());
        cancelItem.setOnAction(e -> det.cancel());
        modelLabel.textProperty().bind(Bindings.createStringBinding(
                () -> det.modelProperty().get().text(), det.modelProperty()));
        openModelItem.disableProperty().bind(det.runningProperty());
        openModelItem.setOnAction(e ->
                model.dialogs().chooseModelFolder().ifPresent(det::openModel));
        exportCsvItem.disableProperty().bind(Bindings.isEmpty(model.nodules().all()));
        exportCsvItem.setOnAction(e -> model.dialogs().chooseSaveFile("Export nodule list",
                model.scanProperty().get().seriesUid() + "-nodules.csv", "csv")
                .ifPresent(model::exportNodules));
    }

    private void bindMinProbability() {
        var values = new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 1,
                OperatingPoint.DEFAULT.minProbability(), OperatingPoint.STEP);
        minProbabilitySpinner.setValueFactory(values);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
            }

            @Override
            public Double fromString(String text) {
                return Double.valueOf(text);
            }
        });
        values.valueProperty().bindBidirectional(model.nodules().minProbabilityProperty());
        shownLabel.textProperty().bind(model.nodules().shownSummaryProperty());
    }

    private void bindHelp() {
        aboutItem.setOnAction(e -> info("About NoduleScope", AboutText.about()));
        shortcutsItem.setOnAction(e -> info("Keys and mouse", AboutText.keysAndMouse()));
    }

    private void info(String title, List<String> lines) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(root.getScene().getWindow());
        alert.setTitle(title);
        alert.setHeaderText(title);
        TextArea text = new TextArea(String.join("\n", lines));
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(Math.min(16, lines.size() + 1));
        alert.getDialogPane().setContent(text);
        alert.show();
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
        if (!files.isEmpty()) {
            model.open(files.get(0).toPath());
        }
        e.setDropCompleted(!files.isEmpty());
        e.consume();
    }
}
