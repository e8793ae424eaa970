package org.nodulescope.app.research;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;
import org.nodulescope.app.charts.MarkedLineChart;
import org.nodulescope.app.task.TaskProgress;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;

/**
 * Binds the research view ({@code research.fxml}) to the {@link ResearchModel}: the case table,
 * the status and scan filters, the FROC chart and the metrics, the next/previous keys (N, P),
 * and the buttons that open an evaluation or evaluate a data set.
 */
public final class ResearchController {

    private final ResearchModel model;
    private final Supplier<Optional<Path>> dataSet;
    private MarkedLineChart chart;

    @FXML private BorderPane root;
    @FXML private Button openButton;
    @FXML private Button evaluateButton;
    @FXML private Button cancelButton;
    @FXML private ChoiceBox<MatchStatus> statusChoice;
    @FXML private ComboBox<String> scanChoice;
    @FXML private Button previousButton;
    @FXML private Button nextButton;
    @FXML private TableView<CaseRow> caseTable;
    @FXML private StackPane chartPane;
    @FXML private Label metricsLabel;
    @FXML private Label missingLabel;
    @FXML private Label messageLabel;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;

    /**
     * @param model the view's state
     * @param dataSet the data set the viewer has open, offered first for an evaluation
     */
    public ResearchController(ResearchModel model, Supplier<Optional<Path>> dataSet) {
        this.model = model;
        this.dataSet = dataSet;
    }

    /** @return the FROC chart */
    public MarkedLineChart chart() {
        return chart;
    }

    @FXML
    private void initialize() {
        CaseTable.bind(caseTable, model);
        chart = FrocChart.create();
        chartPane.getChildren().add(chart);
        model.summaryProperty().addListener((obs, old, s) -> {
            FrocChart.show(chart, s);
            metricsLabel.setText(s == null ? "" : String.join("\n", ResearchFigures.lines(s))
                    + (s.bandKnown() ? "" : "\n(no froc_band.csv: the curve without its band)"));
        });
        bindFilters();
        missingLabel.textProperty().bind(model.missingTextProperty());
        messageLabel.textProperty().bind(model.messageProperty());
        progressBar.visibleProperty().bind(model.busyProperty());
        progressLabel.visibleProperty().bind(model.busyProperty());
        model.progressProperty().addListener((obs, old, p) -> showProgress(p));
        cancelButton.disableProperty().bind(model.busyProperty().not());
        cancelButton.setOnAction(e -> model.cancel());
        openButton.disableProperty().bind(model.busyProperty());
        evaluateButton.disableProperty().bind(model.busyProperty());
        openButton.setOnAction(e -> chooseFolder());
        evaluateButton.setOnAction(e -> askForEvaluation());
        nextButton.setOnAction(e -> model.next());
        previousButton.setOnAction(e -> model.previous());
        // N and P page through the cases wherever the focus is in this window
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            if (e.getCode() == KeyCode.N) {
                model.next();
                e.consume();
            } else if (e.getCode() == KeyCode.P) {
                model.previous();
                e.consume();
            }
        });
    }

    private void bindFilters() {
        statusChoice.setItems(FXCollections.observableArrayList(null, MatchStatus.TP,
                MatchStatus.FP, MatchStatus.FN));
        statusChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(MatchStatus s) {
                return s == null ? "All" : s.name();
            }

            @Override
            public MatchStatus fromString(String s) {
                return "All".equals(s) ? null : MatchStatus.valueOf(s);
            }
        });
        statusChoice.valueProperty().bindBidirectional(model.statusFilterProperty());
        scanChoice.setItems(FXCollections.observableArrayList(""));
        model.scanUids().addListener((javafx.collections.ListChangeListener<String>) c -> {
            scanChoice.getItems().setAll("");
            scanChoice.getItems().addAll(model.scanUids());
        });
        scanChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(String uid) {
                return uid == null || uid.isEmpty() ? "All scans" : uid;
            }

            @Override
            public String fromString(String s) {
                return "All scans".equals(s) ? "" : s;
            }
        });
        scanChoice.valueProperty().bindBidirectional(model.scanFilterProperty());
    }

    /** Asks which data set to evaluate with which model, and starts it. */
    public void askForEvaluation() {
        EvaluationDialog.ask(root.getScene().getWindow(), dataSet.get())
                .ifPresent(model::evaluate);
    }

    private void showProgress(TaskProgress p) {
        progressBar.setProgress(p == null ? 0 : p.fraction() < 0
                ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
        progressLabel.setText(p == null ? "" : p.text());
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open an evaluation folder");
        File chosen = chooser.showDialog(root.getScene().getWindow());
        if (chosen != null) {
            model.open(chosen.toPath());
        }
    }
}
