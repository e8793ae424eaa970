package org.nodulescope.app.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.preprocess.DatasetPreprocessor;
import org.nodulescope.preprocess.DatasetSurvey;
import org.nodulescope.preprocess.SampleManifest;
import org.nodulescope.preprocess.SamplePlanner;

/**
 * The wizard's first two pages: the data folder, its survey (Table 7's counts before anything
 * runs, {@link DatasetSurvey}) made in the background again whenever the folder, the validation
 * fraction or the seed changes, where a LUNA16 folder's samples go, and the split. A preprocess
 * output brings its own split, which is shown and fixed. JavaFX thread only.
 */
public final class DataChoice {

    private final TaskExecutor executor;
    private final StringProperty folder = new SimpleStringProperty("");
    private final ObjectProperty<DatasetSurvey> survey = new SimpleObjectProperty<>();
    private final ObjectProperty<SampleManifest.Options> manifest = new SimpleObjectProperty<>();
    private final BooleanProperty surveying = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty samples = new SimpleStringProperty("");
    private final StringProperty suggestedRun = new SimpleStringProperty("");
    private final DoubleProperty validationFraction = new SimpleDoubleProperty(
            SamplePlanner.PAPER_VALIDATION_FRACTION);
    private final IntegerProperty seed = new SimpleIntegerProperty(42);
    private TaskHandle job = TaskHandle.DONE;
    private int generation;

    DataChoice(TaskExecutor executor) {
        this.executor = executor;
        folder.addListener(x -> survey());
        validationFraction.addListener(x -> resurveyLuna16());
        seed.addListener(x -> resurveyLuna16());
    }

    /** @return the folder as typed or chosen */
    public StringProperty folderProperty() {
        return folder;
    }

    /** @return the survey of the folder, null while unknown or when it is no data */
    public ReadOnlyObjectProperty<DatasetSurvey> surveyProperty() {
        return survey;
    }

    public ReadOnlyBooleanProperty surveyingProperty() {
        return surveying;
    }

    /** @return why the folder is no data (what was looked for), or "" */
    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** @return where preprocessing writes the samples of a LUNA16 folder */
    public StringProperty samplesProperty() {
        return samples;
    }

    /** @return a free run folder beside the data, once a folder is recognised */
    ReadOnlyStringProperty suggestedRunProperty() {
        return suggestedRun;
    }

    public DoubleProperty validationFractionProperty() {
        return validationFraction;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    /** @return what a page depending on the data has to follow */
    Observable[] observables() {
        return new Observable[] {survey, surveying, error, samples, validationFraction, seed};
    }

    /** @return whether the split can still be chosen (LUNA16 data, not yet preprocessed) */
    public boolean splitEditable() {
        return isLuna16();
    }

    boolean isLuna16() {
        DatasetSurvey s = survey.get();
        return s != null && s.kind() == DatasetSurvey.Kind.LUNA16;
    }

    /** @return the fixed split of a preprocess output, as the split page says it */
    public Optional<String> fixedSplit() {
        SampleManifest.Options o = manifest.get();
        return o == null ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "The split"
                + " was fixed when these samples were made (validation fraction %.3f, seed %d);"
                + " to choose another, take the LUNA16 folder as the data.",
                o.validationFraction(), o.seed()));
    }

    /** @return the survey's counts as the data and split pages word them */
    public static String counts(DatasetSurvey s) {
        return String.format(Locale.ROOT, "%s, %d scans (%d-slice stacks)%n%s%n%s%s",
                s.kind() == DatasetSurvey.Kind.LUNA16
                        ? "LUNA16 data, planned from the headers (nothing preprocessed yet)"
                        : "A preprocess output", s.scans(), s.slices(),
                split("Training", s.training()), split("Validation", s.validation()),
                s.notes().isEmpty() ? "" : "\n" + String.join("\n", s.notes()));
    }

    private static String split(String name, DatasetPreprocessor.SplitCounts c) {
        return String.format(Locale.ROOT, "%-10s %3d scans (%d with nodules, %d without), %d"
                + " samples (%d positive, %d negative)", name, c.scans(), c.scansWithNodules(),
                c.scansWithout(), c.samples(), c.positives(), c.negatives());
    }

    /** Stops a survey in progress, for a wizard that closes. */
    void cancel() {
        job.cancel();
    }

    private void resurveyLuna16() {
        if (isLuna16()) {
            survey();
        }
    }

    /** Surveys the folder in the background; an answer that is no longer current is dropped. */
    private void survey() {
        job.cancel();
        int current = ++generation;
        String text = folder.get() == null ? "" : folder.get().strip();
        if (text.isEmpty()) {
            survey.set(null);
            manifest.set(null);
            error.set("");
            surveying.set(false);
            return;
        }
        Path dir = Path.of(text);
        DatasetPreprocessor.Settings settings = settings();
        surveying.set(true);
        job = executor.execute(BackgroundTask.of("Surveying the data", ctx -> {
            DatasetSurvey s = DatasetSurvey.of(dir, settings);
            SampleManifest.Options o = s.kind() == DatasetSurvey.Kind.PREPROCESSED
                    ? SampleManifest.read(dir.resolve(SampleManifest.FILE_NAME)).options()
                    : null;
            return new Surveyed(s, o);
        }).onSuccess(r -> {
            if (current == generation) {
                boolean another = survey.get() == null
                        || !survey.get().folder().equals(r.survey().folder());
                manifest.set(r.options());
                error.set("");
                survey.set(r.survey());
                if (another) {
                    defaultsFor(dir, r.survey(), r.options());
                }
            }
        }).onFailure(e -> {
            if (current == generation) {
                survey.set(null);
                manifest.set(null);
                error.set(ViewerModel.message(e));
            }
        }).onFinished(() -> {
            if (current == generation) {
                surveying.set(false);
            }
        }));
    }

    private record Surveyed(DatasetSurvey survey, SampleManifest.Options options) {}

    /** The paper's preprocessing with the split asked for (the slice count does not matter). */
    private DatasetPreprocessor.Settings settings() {
        DatasetPreprocessor.Settings p = DatasetPreprocessor.Settings.paper(seed.get());
        double f = validationFraction.get();
        return new DatasetPreprocessor.Settings(p.slices(), p.clahe(), seed.get(),
                f > 0 && f < 1 ? f : SamplePlanner.PAPER_VALIDATION_FRACTION,
                p.negativesPerScan(), p.negativesPerNoduleScan(), p.positiveSlices());
    }

    /** Free folder names beside the data, and a preprocess output's own split. */
    private void defaultsFor(Path dir, DatasetSurvey s, SampleManifest.Options o) {
        Path parent = dir.toAbsolutePath().getParent();
        String name = dir.getFileName() == null ? "data" : dir.getFileName().toString();
        if (s.kind() == DatasetSurvey.Kind.LUNA16 && samples.get().isBlank()) {
            samples.set(free(parent, name + "-samples").toString());
        }
        suggestedRun.set(free(parent, name + "-run").toString());
        if (o != null) {
            validationFraction.set(o.validationFraction());
            seed.set((int) o.seed());
        }
    }

    private static Path free(Path parent, String base) {
        Path p = parent == null ? Path.of(base) : parent.resolve(base);
        for (int i = 2; Files.exists(p); i++) {
            p = p.resolveSibling(base + "-" + i);
        }
        return p;
    }
}
