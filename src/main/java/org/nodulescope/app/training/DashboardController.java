package org.nodulescope.app.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import java.util.Comparator;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.nodulescope.app.charts.MarkedLineChart;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.TableColumns;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.train.EpochRecord;
import org.nodulescope.train.RunCheckpoints;
import org.nodulescope.train.ValidationFinding;

/**
 * Binds the training dashboard ({@code dashboard.fxml}) to the {@link DashboardModel}: a live
 * chart of every named loss (log scale, averaged over a tenth of an epoch) and one of the
 * validation's precision, recall, F1, Dice and IoU after each epoch, both with dashed lines
 * where a phase begins; the phase, epoch, batch and ETA; Stop and Resume; each validation's
 * findings nodule by nodule (a tab beside the messages); and, once the run ended, its
 * checkpoints to load into the viewer.
 */
public final class DashboardController {

    /** The validation metrics charted, with how to read each from an epoch. */
    private static final Map<String, ToDoubleFunction<ValidationMetrics>> METRICS = metrics();

    private final DashboardModel model;
    private final Map<String, XYChart.Series<Number, Number>> lossSeries = new LinkedHashMap<>();
    private final Map<String, XYChart.Series<Number, Number>> metricSeries =
            new LinkedHashMap<>();
    private MarkedLineChart lossChart;
    private MarkedLineChart metricsChart;

    @FXML private BorderPane root;
    @FXML private Button stopButton;
    @FXML private Button resumeButton;
    @FXML private Label stageLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label etaLabel;
    @FXML private Label estimateLabel;
    @FXML private StackPane lossPane;
    @FXML private StackPane metricsPane;
    @FXML private ListView<RunCheckpoints.Checkpoint> checkpointList;
    @FXML private Button loadButton;
    @FXML private Label outcomeLabel;
    @FXML private ListView<String> logList;
    @FXML private ComboBox<Integer> findingsEpoch;
    @FXML private Button showFindingButton;
    @FXML private Label findingsSummary;
    @FXML private TableView<ValidationFinding> findingsTable;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> statusColumn;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> scanColumn;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> slicesColumn;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> sizeColumn;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> probabilityColumn;
    @FXML private TableColumn<ValidationFinding, ValidationFinding> excludedColumn;

    public DashboardController(DashboardModel model) {
        this.model = model;
    }

    public MarkedLineChart lossChart() {
        return lossChart;
    }

    public MarkedLineChart metricsChart() {
        return metricsChart;
    }

    /** @return the table of the chosen validation's findings */
    public TableView<ValidationFinding> findingsTable() {
        return findingsTable;
    }

    @FXML
    private void initialize() {
        lossChart = chart("loss-chart", "Loss (log scale)", logAxis());
        lossChart.setHorizontalZeroLineVisible(false); // log10 of 1, not a zero
        lossPane.getChildren().add(lossChart);
        NumberAxis unit = new NumberAxis("Validation", 0, 1, 0.2);
        metricsChart = chart("metrics-chart", "Validation", unit);
        metricsPane.getChildren().add(metricsChart);
        METRICS.keySet().forEach(name -> metricSeries.put(name, series(metricsChart, name)));
        Bindings.bindContent(lossChart.markers(), model.boundaries());
        Bindings.bindContent(metricsChart.markers(), model.boundaries());
        model.losses().addListener((ListChangeListener<LossAverager.LossPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && model.losses().isEmpty()) {
                    lossSeries.values().forEach(s -> s.getData().clear());
                }
                if (c.wasAdded()) {
                    c.getAddedSubList().forEach(this::addLoss);
                }
            }
        });
        model.epochs().addListener((ListChangeListener<EpochRecord>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && model.epochs().isEmpty()) {
                    metricSeries.values().forEach(s -> s.getData().clear());
                }
                if (c.wasAdded()) {
                    c.getAddedSubList().forEach(this::addEpoch);
                }
            }
        });
        stageLabel.textProperty().bind(model.stageProperty());
        etaLabel.textProperty().bind(model.etaProperty());
        estimateLabel.textProperty().bind(model.estimateProperty());
        outcomeLabel.textProperty().bind(model.outcomeProperty());
        progressBar.progressProperty().bind(model.progressProperty());
        progressBar.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.stateProperty().get().active(), model.stateProperty()));
        logList.setItems(model.log());
        logList.setCellFactory(v -> new ListCell<>() {
            {
                // wrap long paths instead of cutting them: a zero preferred width lets the
                // cell take the list's width and grow in height
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
            }
        });
        model.log().addListener((ListChangeListener<String>) c ->
                logList.scrollTo(model.log().size() - 1));
        stopButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            DashboardModel.State s = model.stateProperty().get();
            return s != DashboardModel.State.PREPROCESSING && s != DashboardModel.State.TRAINING;
        }, model.stateProperty()));
        stopButton.setOnAction(e -> model.stop());
        resumeButton.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !model.canResume(), model.stateProperty()));
        resumeButton.setOnAction(e -> model.resume());
        checkpointList.setItems(model.checkpoints());
        checkpointList.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(RunCheckpoints.Checkpoint c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : describe(c));
            }
        });
        model.checkpoints().addListener((ListChangeListener<RunCheckpoints.Checkpoint>) c -> {
            if (!model.checkpoints().isEmpty()) {
                checkpointList.getSelectionModel().select(0);
            }
        });
        loadButton.disableProperty().bind(
                checkpointList.getSelectionModel().selectedItemProperty().isNull());
        loadButton.setOnAction(e -> model.load(
                checkpointList.getSelectionModel().getSelectedItem()));
        bindFindings(model.findings());
    }

    private void bindFindings(ValidationFindingsModel findings) {
        findingsEpoch.setItems(findings.epochs());
        findingsEpoch.valueProperty().bindBidirectional(findings.shownEpochProperty());
        findingsEpoch.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer epoch) {
                return epoch == null ? "" : "Validation after epoch " + epoch;
            }

            @Override
            public Integer fromString(String text) {
                return null; // not editable
            }
        });
        findingsSummary.textProperty().bind(findings.summaryProperty());
        findingsTable.setItems(findings.shown());
        TableColumns.status(statusColumn, f -> NoduleStatus.valueOf(f.status().name()));
        TableColumns.text(scanColumn, f -> ValidationFindingsModel.shortUid(f.seriesUid()),
                Comparator.comparing(ValidationFinding::seriesUid));
        TableColumns.text(slicesColumn, ValidationFindingsModel::slices,
                Comparator.comparingInt(ValidationFinding::centreSlice));
        TableColumns.number(sizeColumn, ValidationFinding::truthDiameterMm, "%.1f");
        TableColumns.number(probabilityColumn, ValidationFinding::probability, "%.2f");
        TableColumns.text(excludedColumn, f -> f.onExcludedFinding() ? "yes" : "",
                Comparator.comparing(ValidationFinding::onExcludedFinding));
        findingsTable.setRowFactory(t -> {
            TableRow<ValidationFinding> row = new TableRow<>() {
                @Override
                protected void updateItem(ValidationFinding f, boolean empty) {
                    super.updateItem(f, empty);
                    setTooltip(empty || f == null ? null
                            : new Tooltip(ValidationFindingsModel.describe(f)));
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    model.showInViewer(row.getItem());
                }
            });
            return row;
        });
        showFindingButton.disableProperty().bind(
                findingsTable.getSelectionModel().selectedItemProperty().isNull());
        showFindingButton.setOnAction(e -> model.showInViewer(
                findingsTable.getSelectionModel().getSelectedItem()));
    }

    /** "best-f1, epoch 12: F1 0.70, Dice 0.81" */
    static String describe(RunCheckpoints.Checkpoint c) {
        ValidationMetrics m = c.metrics();
        return c.name() + ", epoch " + c.epoch() + (m == null ? "" : String.format(Locale.ROOT,
                ": P %.2f R %.2f F1 %.2f Dice %s", m.precision(), m.recall(), m.f1(),
                Double.isNaN(m.dice()) ? "-" : String.format(Locale.ROOT, "%.2f", m.dice())));
    }

    private void addLoss(LossAverager.LossPoint p) {
        if (!(p.value() > 0)) {
            return; // a log axis has no place for 0
        }
        lossSeries.computeIfAbsent(p.name(), name -> series(lossChart, name)).getData()
                .add(new XYChart.Data<>(p.epochs(), Math.log10(p.value())));
    }

    private void addEpoch(EpochRecord r) {
        if (!r.validated()) {
            return;
        }
        METRICS.forEach((name, f) -> {
            double v = f.applyAsDouble(r.metrics());
            if (Double.isFinite(v)) {
                metricSeries.get(name).getData().add(new XYChart.Data<>(r.epoch(), v));
            }
        });
    }

    private static XYChart.Series<Number, Number> series(MarkedLineChart chart, String name) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        chart.getData().add(s);
        return s;
    }

    private static MarkedLineChart chart(String id, String yLabel, NumberAxis y) {
        NumberAxis x = new NumberAxis();
        x.setLabel("Epoch");
        x.setForceZeroInRange(true);
        y.setLabel(yLabel);
        MarkedLineChart chart = new MarkedLineChart(x, y);
        chart.setId(id);
        return chart;
    }

    /** An axis of log10 values labelled with the values themselves. */
    private static NumberAxis logAxis() {
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        y.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return String.format(Locale.ROOT, "%.3g", Math.pow(10, n.doubleValue()));
            }

            @Override
            public Number fromString(String s) {
                return Math.log10(Double.parseDouble(s));
            }
        });
        return y;
    }

    private static Map<String, ToDoubleFunction<ValidationMetrics>> metrics() {
        Map<String, ToDoubleFunction<ValidationMetrics>> m = new LinkedHashMap<>();
        m.put("Precision", ValidationMetrics::precision);
        m.put("Recall", ValidationMetrics::recall);
        m.put("F1", ValidationMetrics::f1);
        m.put("Dice", ValidationMetrics::dice);
        m.put("IoU", ValidationMetrics::iou);
        return m;
    }
}
