package org.nodulescope.app.research;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.app.task.TaskProgress;
import org.nodulescope.app.viewer.CaseTarget;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.detect.EvaluationSummary;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;

/**
 * The research view's state: an evaluation folder's cases (every TP, FP and FN across its
 * scans), filtered by status and scan and sorted by the table, the selected case shown in the
 * viewer, and where the scans are. Reading a folder and evaluating a data set run in the
 * background. JavaFX thread only.
 */
public final class ResearchModel {

    /** What a loaded evaluation offers. */
    private record Loaded(EvaluationSummary summary, CaseScans scans) {}

    private final ViewerModel viewer;
    private final ObjectProperty<EvaluationSummary> summary = new SimpleObjectProperty<>();
    private final ObservableList<CaseRow> cases = FXCollections.observableArrayList();
    private final FilteredList<CaseRow> filtered = new FilteredList<>(cases, r -> true);
    private final SortedList<CaseRow> sorted = new SortedList<>(filtered);
    private final ObjectProperty<MatchStatus> statusFilter = new SimpleObjectProperty<>();
    private final StringProperty scanFilter = new SimpleStringProperty("");
    private final ObservableList<String> scanUids = FXCollections.observableArrayList();
    private final ObjectProperty<CaseRow> selected = new SimpleObjectProperty<>();
    private final StringProperty missingText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("Open an evaluation folder,"
            + " or evaluate a data set with a model");
    private final ObjectProperty<TaskProgress> progress = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private CaseScans scans = new CaseScans(Map.of(), Map.of(), List.of(), Optional.empty());
    private TaskHandle job = TaskHandle.DONE;

    public ResearchModel(ViewerModel viewer) {
        this.viewer = viewer;
        statusFilter.addListener(x -> refilter());
        scanFilter.addListener(x -> refilter());
        selected.addListener((obs, old, row) -> {
            if (row != null) {
                show(row);
            }
        });
    }

    public ReadOnlyObjectProperty<EvaluationSummary> summaryProperty() {
        return summary;
    }

    /** @return the cases as shown: filtered, and sorted once bound to a table's comparator */
    public SortedList<CaseRow> shown() {
        return sorted;
    }

    /** @return every case of the evaluation */
    public ObservableList<CaseRow> all() {
        return FXCollections.unmodifiableObservableList(cases);
    }

    /** @return TP, FP, FN, or null for every status */
    public ObjectProperty<MatchStatus> statusFilterProperty() {
        return statusFilter;
    }

    /** @return a series uid, or "" for every scan */
    public StringProperty scanFilterProperty() {
        return scanFilter;
    }

    /** @return the scans that have cases, for the scan filter */
    public ObservableList<String> scanUids() {
        return scanUids;
    }

    public ObjectProperty<CaseRow> selectedProperty() {
        return selected;
    }

    /** @return the scans that were not found, one sentence, or "" */
    public StringProperty missingTextProperty() {
        return missingText;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ReadOnlyObjectProperty<TaskProgress> progressProperty() {
        return progress;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** @return where the cases' scans were found */
    public CaseScans scans() {
        return scans;
    }

    /** Reads an evaluation folder in the background; a bad folder ends in one dialog. */
    public void open(Path folder) {
        List<Path> dataSets = openDataSets();
        start(BackgroundTask.of("Reading the evaluation", ctx -> {
            ctx.message("Reading " + folder);
            EvaluationSummary s = EvaluationSummary.read(folder);
            ctx.message("Looking for the scans");
            return new Loaded(s, CaseScans.locate(s, dataSets));
        }).onSuccess(this::show).onFailure(e -> viewer.dialogs().showError(
                "Cannot open the evaluation " + folder.getFileName(), ViewerModel.message(e))));
    }

    /**
     * Detects every scan of a data set with a model and evaluates it into a new folder, in the
     * background with progress; then opens the result.
     */
    public void evaluate(EvaluationRequest request) {
        start(BackgroundTask.of("Evaluating " + request.data().getFileName(),
                ctx -> request.run(ctx))
                .onSuccess(out -> open(out))
                .onCancelled(() -> message.set("Evaluation cancelled; "
                        + request.out() + " holds what was written"))
                .onFailure(e -> viewer.dialogs().showError("Evaluation failed",
                        ViewerModel.message(e))));
    }

    /** Stops a reading or an evaluation in progress. */
    public void cancel() {
        job.cancel();
    }

    private <V> void start(BackgroundTask<V> task) {
        job.cancel();
        busy.set(true);
        job = viewer.executor().execute(task.onProgress(progress::set)
                .onFinished(() -> {
                    busy.set(false);
                    progress.set(null);
                }));
    }

    /** The data sets the viewer has open: where the open scan and its ground truth lie. */
    private List<Path> openDataSets() {
        List<Path> out = new ArrayList<>();
        ScanSession s = viewer.scanProperty().get();
        if (s != null) {
            s.annotations().file().map(Path::getParent).ifPresent(out::add);
            Optional.ofNullable(s.source().getParent()).ifPresent(out::add);
        }
        return out;
    }

    private void show(Loaded l) {
        selected.set(null);
        scans = l.scans();
        summary.set(l.summary());
        scanUids.setAll(l.summary().cases().stream().map(CaseRow::seriesUid).distinct()
                .toList());
        statusFilter.set(null);
        scanFilter.set("");
        cases.setAll(l.summary().cases());
        List<String> missing = l.scans().missing();
        missingText.set(missing.isEmpty() ? "" : missing.size() + " scan(s) not found, their"
                + " cases cannot open (another data set?): " + String.join(", ", missing));
        message.set(ResearchFigures.counts(l.summary()) + " in " + scanUids.size() + " scan(s)"
                + " from " + l.summary().folder());
    }

    private void refilter() {
        MatchStatus status = statusFilter.get();
        String uid = scanFilter.get() == null ? "" : scanFilter.get();
        filtered.setPredicate(r -> (status == null || r.status() == status)
                && (uid.isEmpty() || r.seriesUid().equals(uid)));
    }

    private void show(CaseRow row) {
        Optional<CaseTarget> target = scans.target(row);
        if (target.isEmpty()) {
            message.set("The scan " + row.seriesUid() + " was not found on this machine;"
                    + " open the data set it belongs to in the viewer, then the evaluation"
                    + " again");
            return;
        }
        message.set(row.status() + " in " + row.seriesUid() + ", slice "
                + (row.centreSlice() >= 0 ? row.centreSlice() : "of its centre"));
        viewer.openCase(target.get());
    }

    /** Selects the next case shown (the first when none is selected). */
    public void next() {
        step(1);
    }

    /** Selects the previous case shown (the last when none is selected). */
    public void previous() {
        step(-1);
    }

    private void step(int by) {
        if (sorted.isEmpty()) {
            return;
        }
        int at = sorted.indexOf(selected.get());
        int next = at < 0 ? (by > 0 ? 0 : sorted.size() - 1)
                : Math.max(0, Math.min(sorted.size() - 1, at + by));
        selected.set(sorted.get(next));
    }
}
