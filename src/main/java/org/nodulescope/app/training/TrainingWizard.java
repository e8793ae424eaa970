package org.nodulescope.app.training;

import java.io.File;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import javafx.util.converter.DoubleStringConverter;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.train.RateSchedule;

/**
 * The training wizard's pages (a ControlsFX {@link Wizard}): data, split, model, phases and
 * summary. Each page binds its controls to the {@link TrainingWizardModel} and shows the page's
 * problem, which keeps Next and Finish off until it is solved. Finish hands the model's request
 * to whoever opened the wizard.
 */
public final class TrainingWizard {

    /** Every page has this size, room for its notes as they come, so the dialog never jumps. */
    private static final double PAGE_WIDTH = 800;
    private static final double PAGE_HEIGHT = 540;

    private final TrainingWizardModel model;
    private final Wizard wizard;

    private TrainingWizard(TrainingWizardModel model, Wizard wizard) {
        this.model = model;
        this.wizard = wizard;
    }

    /**
     * @param owner the viewer's window
     * @param model the wizard's state
     * @param finish what to do with the request when the user clicks Finish
     * @return the wizard, not yet shown
     */
    public static TrainingWizard create(Window owner, TrainingWizardModel model,
            Consumer<TrainingRequest> finish) {
        Wizard wizard = new Wizard(owner, "New training run");
        wizard.setReadSettings(false);
        wizard.getDialog().setResizable(true);
        TrainingWizard w = new TrainingWizard(model, wizard);
        wizard.setFlow(new Wizard.LinearFlow(
                w.page(TrainingWizardModel.Page.DATA, "Data: a LUNA16 folder or a preprocess"
                        + " output", w.dataPage()),
                w.page(TrainingWizardModel.Page.SPLIT, "Split by scan into training and"
                        + " validation", w.splitPage()),
                w.page(TrainingWizardModel.Page.MODEL, "Model", w.modelPage()),
                w.page(TrainingWizardModel.Page.PHASES, "The three phases and the"
                        + " hyper-parameters", w.phasesPage()),
                w.summaryPage()));
        wizard.resultProperty().addListener((obs, old, result) -> {
            model.cancel();
            if (result == ButtonType.FINISH) {
                finish.accept(model.request());
            }
        });
        return w;
    }

    /** Shows the wizard without waiting for it. */
    public void show() {
        wizard.getDialog().show();
    }

    public Wizard wizard() {
        return wizard;
    }

    public TrainingWizardModel model() {
        return model;
    }

    private WizardPane page(TrainingWizardModel.Page page, String header, Node content) {
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().bind(model.problemProperty(page).isNotEmpty());
            }
        };
        pane.setId("page-" + page.name().toLowerCase(java.util.Locale.ROOT));
        pane.setHeaderText(header);
        pane.setPrefSize(PAGE_WIDTH, PAGE_HEIGHT);
        VBox box = new VBox(10, content, problemLabel(model.problemProperty(page)));
        pane.setContent(box);
        return pane;
    }

    private static Label problemLabel(javafx.beans.value.ObservableStringValue problem) {
        Label label = new Label();
        label.setId("problem");
        label.setWrapText(true);
        label.setMaxWidth(700);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setStyle("-fx-text-fill: #c0392b;");
        label.textProperty().bind(problem);
        return label;
    }

    private Node dataPage() {
        GridPane grid = grid();
        grid.addRow(0, new Label("Data folder"), pathField("data", model.data().folderProperty()),
                chooseFolder("Data folder", model.data().folderProperty()));
        Label counts = monospaced("counts");
        counts.textProperty().bind(Bindings.createStringBinding(() -> {
            DatasetSurvey s = model.data().surveyProperty().get();
            return s == null ? "Table 7's counts appear here once the folder is recognised."
                    : DataChoice.counts(s);
        }, model.data().surveyProperty()));
        grid.add(counts, 0, 1, 3, 1);
        Label samplesLabel = new Label("Samples go to");
        TextField samples = pathField("samples", model.data().samplesProperty());
        Button choose = chooseFolder("Folder for the preprocessed samples",
                model.data().samplesProperty());
        var luna = Bindings.createBooleanBinding(() -> model.data().surveyProperty().get() != null
                && model.data().surveyProperty().get().kind() == DatasetSurvey.Kind.LUNA16,
                model.data().surveyProperty());
        for (Node n : new Node[] {samplesLabel, samples, choose}) {
            n.visibleProperty().bind(luna);
        }
        grid.addRow(2, samplesLabel, samples, choose);
        return grid;
    }

    private Node splitPage() {
        GridPane grid = grid();
        Spinner<Double> fraction = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                0.05, 0.95, model.data().validationFractionProperty().get(), 0.01));
        fraction.setId("fraction");
        fraction.setEditable(true);
        fraction.getValueFactory().valueProperty().bindBidirectional(
                kept(fraction, model.data().validationFractionProperty().asObject()));
        Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE,
                model.data().seedProperty().get());
        seed.setId("seed");
        seed.setEditable(true);
        seed.getValueFactory().valueProperty().bindBidirectional(
                kept(seed, model.data().seedProperty().asObject()));
        var fixed = Bindings.createBooleanBinding(() -> !model.data().splitEditable(),
                model.data().surveyProperty());
        fraction.disableProperty().bind(fixed);
        seed.disableProperty().bind(fixed);
        grid.addRow(0, new Label("Validation fraction"), fraction);
        grid.addRow(1, new Label("Seed"), seed);
        Label split = monospaced("split");
        split.textProperty().bind(Bindings.createStringBinding(() -> {
            DatasetSurvey s = model.data().surveyProperty().get();
            if (s == null) {
                return "";
            }
            return DataChoice.counts(s) + model.data().fixedSplit().map(t -> "\n" + t)
                    .orElse("");
        }, model.data().surveyProperty()));
        grid.add(split, 0, 2, 3, 1);
        return grid;
    }

    private Node modelPage() {
        GridPane grid = grid();
        ChoiceBox<String> preset = new ChoiceBox<>(FXCollections.observableArrayList(
                MaskRcnnConfig.PRESETS));
        preset.getItems().add(TrainingWizardModel.FILE);
        preset.setId("preset");
        preset.valueProperty().bindBidirectional(model.modelProperty());
        TextField file = pathField("config-file", model.configFileProperty());
        Button chooseFile = new Button("Choose…");
        chooseFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Model configuration (config.json)");
            File f = chooser.showOpenDialog(wizard.getDialog().getOwner());
            if (f != null) {
                model.configFileProperty().set(f.getPath());
            }
        });
        var notFile = model.modelProperty().isNotEqualTo(TrainingWizardModel.FILE);
        file.disableProperty().bind(notFile);
        chooseFile.disableProperty().bind(notFile);
        grid.addRow(0, new Label("Configuration"), new HBox(8, preset, file), chooseFile);
        ToggleGroup start = new ToggleGroup();
        RadioButton scratch = new RadioButton("From scratch");
        scratch.setId("scratch");
        RadioButton folder = new RadioButton("From a model folder");
        folder.setId("from-folder");
        scratch.setToggleGroup(start);
        folder.setToggleGroup(start);
        folder.selectedProperty().bindBidirectional(model.fromFolderProperty());
        scratch.setSelected(!model.fromFolderProperty().get());
        model.fromFolderProperty().addListener((o, a, b) -> scratch.setSelected(!b));
        TextField init = pathField("init-folder", model.initFolderProperty());
        Button chooseInit = chooseFolder("Model folder to start from",
                model.initFolderProperty());
        init.disableProperty().bind(model.fromFolderProperty().not());
        chooseInit.disableProperty().bind(model.fromFolderProperty().not());
        preset.disableProperty().bind(model.fromFolderProperty());
        grid.addRow(1, new Label("Start"), new HBox(12, scratch, folder));
        grid.addRow(2, new Label("Model folder"), init, chooseInit);
        ChoiceBox<ComputeDevice.Request> device = new ChoiceBox<>(
                FXCollections.observableArrayList(ComputeDevice.Request.values()));
        device.setId("device");
        device.valueProperty().bindBidirectional(model.deviceProperty());
        grid.addRow(3, new Label("Device"), device);
        Label note = new Label();
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(model.modelNoteProperty());
        grid.add(note, 0, 4, 3, 1);
        return grid;
    }

    private Node phasesPage() {
        GridPane grid = grid();
        Spinner<Integer> detection = intSpinner("detection-epochs", 0, 1000,
                model.detectionEpochsProperty());
        Spinner<Integer> segmentation = intSpinner("segmentation-epochs", 0, 1000,
                model.segmentationEpochsProperty());
        Spinner<Integer> joint = intSpinner("joint-epochs", 0, 1000,
                model.jointEpochsProperty());
        Button paper = new Button("The paper's recipe");
        paper.setId("paper-schedule");
        paper.setOnAction(e -> model.paperRecipe());
        grid.addRow(0, new Label("Epochs: 1 detection (mask head frozen)"), detection, paper);
        grid.addRow(1, new Label("Epochs: 2 segmentation (only the mask head)"), segmentation);
        grid.addRow(2, new Label("Epochs: 3 joint (everything)"), joint);
        TextField rate = new TextField();
        rate.setId("learning-rate");
        TextFormatter<Double> rateFormat = new TextFormatter<>(new DoubleStringConverter(),
                model.learningRateProperty().get());
        rate.setTextFormatter(rateFormat);
        rateFormat.valueProperty().bindBidirectional(
                kept(rate, model.learningRateProperty().asObject()));
        grid.addRow(3, new Label("Adam learning rate"), rate);
        grid.addRow(4, new Label("Batch"), intSpinner("batch", 1, 256, model.batchProperty()));
        Spinner<Double> lambda = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                0, 10, model.lambdaAuxProperty().get(), 0.05));
        lambda.setId("lambda-aux");
        lambda.setEditable(true);
        lambda.getValueFactory().valueProperty().bindBidirectional(
                kept(lambda, model.lambdaAuxProperty().asObject()));
        lambda.disableProperty().bind(model.lambdaEditableProperty().not());
        grid.addRow(5, new Label("lambda_aux (auxiliary loss weight)"), lambda);
        grid.addRow(6, new Label("Patience (epochs without a better F1 or Dice)"),
                intSpinner("patience", 1, 1000, model.patienceProperty()));
        return new VBox(12, grid, optionsPane());
    }

    /** The options beyond the paper, and the recipe measured for short CPU runs. */
    private Node optionsPane() {
        GridPane grid = grid();
        ChoiceBox<RateSchedule> rate = new ChoiceBox<>(
                FXCollections.observableArrayList(RateSchedule.values()));
        rate.setId("rate-schedule");
        rate.setConverter(new StringConverter<>() {
            @Override
            public String toString(RateSchedule r) {
                return r == null ? "" : r.label();
            }

            @Override
            public RateSchedule fromString(String text) {
                return RateSchedule.parse(text);
            }
        });
        rate.valueProperty().bindBidirectional(model.rateScheduleProperty());
        Spinner<Double> clip = doubleSpinner("clip-norm", 0, 1000, 1, model.clipNormProperty());
        grid.addRow(0, new Label("Rate schedule"), rate,
                new Label("Gradient clipping (norm, 0 none)"), clip);
        grid.addRow(1, new Label("Training windows (px, 0 whole slices)"),
                intSpinner("crop", 0, 4096, model.cropSizeProperty()),
                new Label("Hard negatives every (epochs, 0 never)"),
                intSpinner("hard-negatives", 0, 1000, model.hardNegativeEveryProperty()));
        grid.addRow(2, new Label("Hardest negative RoIs (share, 0 none)"),
                doubleSpinner("hard-rois", 0, 1, 0.1, model.hardRoiShareProperty()),
                new Label("Rate warm-up per phase (steps, 0 none)"),
                intSpinner("warmup", 0, 100_000, model.warmupStepsProperty()));
        grid.addRow(3, new Label("Background windows (share, 0 none)"),
                doubleSpinner("background-crops", 0, 0.95, 0.05,
                        model.backgroundCropsProperty()),
                new Label("Weight average (decay, 0 none)"), emaSpinner());
        CheckBox joint = new CheckBox("Validate only the joint phase");
        joint.setId("validate-joint");
        joint.selectedProperty().bindBidirectional(model.validateJointOnlyProperty());
        Button recipe = new Button("30-minute recipe");
        recipe.setId("short-run-recipe");
        recipe.setOnAction(e -> model.shortRunRecipe());
        grid.add(joint, 0, 4, 2, 1);
        grid.add(recipe, 2, 4, 2, 1);
        Label title = new Label("Beyond the paper, for short runs on a CPU. The 30-minute"
                + " recipe (for the tiny model) also sets 14 / 2 / 16 epochs, rate 5e-4 and"
                + " patience 8; the paper's recipe turns these options off. See"
                + " docs/method.md.");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        return new VBox(6, title, grid);
    }

    /** The weight average's decay, written with the digits it needs (0.998, not 1). */
    private Spinner<Double> emaSpinner() {
        Spinner<Double> ema = doubleSpinner("ema", 0, 0.9999, 0.001,
                model.weightAverageProperty());
        java.text.DecimalFormat digits = new java.text.DecimalFormat("0.####",
                java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        ema.getValueFactory().setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : digits.format(v);
            }

            @Override
            public Double fromString(String text) {
                try {
                    return Double.valueOf(text.strip());
                } catch (NumberFormatException e) {
                    return ema.getValue(); // not a number: the value stays
                }
            }
        });
        return ema;
    }

    private WizardPane summaryPage() {
        GridPane grid = grid();
        grid.addRow(0, new Label("Run folder"), pathField("out", model.outProperty()),
                chooseFolder("Run folder", model.outProperty()));
        CheckBox resume = new CheckBox("Resume this run");
        resume.setId("resume");
        resume.selectedProperty().bindBidirectional(model.resumeProperty());
        resume.visibleProperty().bind(model.runNoteProperty().isNotEmpty());
        Label note = new Label();
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(model.runNoteProperty());
        grid.add(new VBox(4, note, resume), 0, 1, 3, 1);
        Label summary = monospaced("summary");
        grid.add(summary, 0, 2, 3, 1);
        Label estimate = new Label();
        estimate.setId("estimate");
        estimate.setWrapText(true);
        estimate.setMinHeight(Region.USE_PREF_SIZE);
        estimate.textProperty().bind(model.estimateProperty());
        Button again = new Button("Measure again");
        again.setOnAction(e -> model.measure());
        again.disableProperty().bind(model.estimatingProperty());
        grid.add(new HBox(8, estimate, again), 0, 3, 3, 1);
        WizardPane pane = new WizardPane() {
            @Override
            public void onEnteringPage(Wizard w) {
                w.invalidProperty().bind(model.problemProperty(
                        TrainingWizardModel.Page.SUMMARY).isNotEmpty());
                summary.setText(describe());
                model.measure();
            }
        };
        pane.setId("page-summary");
        pane.setHeaderText("Summary: the run folder and the time it will take");
        pane.setPrefSize(PAGE_WIDTH, PAGE_HEIGHT);
        pane.setContent(new VBox(10, grid, problemLabel(model.problemProperty(
                TrainingWizardModel.Page.SUMMARY))));
        return pane;
    }

    /** The choices in a few lines, for the summary page. */
    private String describe() {
        DatasetSurvey s = model.data().surveyProperty().get();
        String start = model.fromFolderProperty().get() ? "from " + model.initFolderProperty()
                .get() : "from scratch";
        String config = TrainingWizardModel.FILE.equals(model.modelProperty().get())
                ? model.configFileProperty().get() : model.modelProperty().get();
        return String.join("\n",
                "Data      " + model.data().folderProperty().get() + (s != null
                        && s.kind() == DatasetSurvey.Kind.LUNA16 ? " (preprocessed first into "
                        + model.data().samplesProperty().get() + ")" : ""),
                String.format(java.util.Locale.ROOT, "Split     validation %.3f, seed %d",
                        model.data().validationFractionProperty().get(),
                        model.data().seedProperty().get()),
                "Model     " + config + ", " + start + ", device "
                        + model.deviceProperty().get(),
                String.format(java.util.Locale.ROOT, "Phases    %d / %d / %d epochs, Adam %.2g,"
                        + " batch %d, lambda_aux %.2f, patience %d",
                        model.detectionEpochsProperty().get(),
                        model.segmentationEpochsProperty().get(),
                        model.jointEpochsProperty().get(), model.learningRateProperty().get(),
                        model.batchProperty().get(), model.lambdaAuxProperty().get(),
                        model.patienceProperty().get()),
                String.format(java.util.Locale.ROOT, "Options   rate %s, clipping %s, %s%s,"
                        + " hard negatives %s, hardest RoIs %s, warm-up %s, weight average %s,"
                        + " validation %s",
                        model.rateScheduleProperty().get().label(),
                        model.clipNormProperty().get() > 0
                                ? String.format(java.util.Locale.ROOT, "at %.3g",
                                        model.clipNormProperty().get()) : "none",
                        model.cropSizeProperty().get() > 0
                                ? model.cropSizeProperty().get() + "-pixel windows"
                                : "whole slices",
                        model.backgroundCropsProperty().get() > 0
                                ? String.format(java.util.Locale.ROOT, " (%.0f%% background)",
                                        100 * model.backgroundCropsProperty().get()) : "",
                        model.hardNegativeEveryProperty().get() > 0 ? "every "
                                + model.hardNegativeEveryProperty().get() + " epochs" : "never",
                        model.hardRoiShareProperty().get() > 0
                                ? String.format(java.util.Locale.ROOT, "%.0f%%",
                                        100 * model.hardRoiShareProperty().get()) : "none",
                        model.warmupStepsProperty().get() > 0
                                ? model.warmupStepsProperty().get() + " steps" : "none",
                        model.weightAverageProperty().get() > 0
                                ? "decay " + model.weightAverageProperty().get() : "none",
                        model.validateJointOnlyProperty().get() ? "in the joint phase"
                                : "every epoch"));
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        return grid;
    }

    private static Label monospaced(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.setStyle("-fx-font-family: 'Monospaced';");
        return label;
    }

    private static TextField pathField(String id, StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(36);
        GridPane.setHgrow(field, Priority.ALWAYS);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private Button chooseFolder(String title, StringProperty value) {
        Button b = new Button("Choose…");
        b.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(title);
            File f = chooser.showDialog(wizard.getDialog().getOwner());
            if (f != null) {
                value.set(f.getPath());
            }
        });
        return b;
    }

    private static Spinner<Integer> intSpinner(String id, int min, int max,
            javafx.beans.property.IntegerProperty value) {
        Spinner<Integer> s = new Spinner<>(min, max, value.get());
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        s.getValueFactory().valueProperty().bindBidirectional(kept(s, value.asObject()));
        return s;
    }

    private static Spinner<Double> doubleSpinner(String id, double min, double max,
            double step, javafx.beans.property.DoubleProperty value) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                min, max, value.get(), step));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(90);
        s.getValueFactory().valueProperty().bindBidirectional(kept(s, value.asObject()));
        return s;
    }

    /**
     * Keeps a boxed view of a number property alive as long as its control: bidirectional
     * bindings hold both ends weakly, and an unreferenced {@code asObject()} would be collected
     * and silently unbind.
     */
    private static <T> javafx.beans.property.ObjectProperty<T> kept(Node owner,
            javafx.beans.property.ObjectProperty<T> boxed) {
        owner.getProperties().put("nodulescope.boxed", boxed);
        return boxed;
    }
}
