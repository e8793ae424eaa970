package org.nodulescope.app.viewer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.nodulescope.app.display.ClaheSliceCache;
import org.nodulescope.app.display.DisplayChain;
import org.nodulescope.app.display.RenderedSlice;
import org.nodulescope.app.display.SliceRequest;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.OverlayItem;
import org.nodulescope.app.scan.AnnotationLocator;
import org.nodulescope.app.scan.AnnotationSet;
import org.nodulescope.app.scan.LungMaskLoader;
import org.nodulescope.app.scan.LungMaskOutcome;
import org.nodulescope.app.scan.ScanPrefetch;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.preprocess.ClaheFilter;
import org.nodulescope.preprocess.LungMasker;
import org.nodulescope.volume.VolumeMask;

/**
 * The viewer's state and actions: the open scan, its lung mask, the display and status models,
 * the recent files. Every slow step (reading, listing DICOM series, lung segmentation, CLAHE of
 * the whole scan, saving) runs as a background job; results replace the state only when complete,
 * and a failed open leaves the previous scan as it was. JavaFX thread only.
 */
public final class ViewerModel {

    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final LungMaskLoader lungLoader = new LungMaskLoader();

    private final DisplayModel display = new DisplayModel();
    private final StatusModel status = new StatusModel();
    private final ObjectProperty<ScanSession> scan = new SimpleObjectProperty<>();
    private final ObjectProperty<LungMaskOutcome> lungs = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("NoduleScope");
    private final ClaheFilling claheFilling;
    private final NoduleListModel nodules = new NoduleListModel();
    private final DetectionModel detection;
    private final ExportJobs exports;
    private final CaseOpening cases;
    private final ShownNodules shown;
    private final IntegerProperty selectedNodule = new SimpleIntegerProperty(-1);
    private final IntegerProperty overlayRevision = new SimpleIntegerProperty();

    private final RememberedSettings remembered;
    private final ScanLoading scanLoading;
    private DisplayChain chain;
    private ClaheSliceCache claheCache;
    private TaskHandle lungJob = TaskHandle.DONE;

    public ViewerModel(TaskExecutor executor, DialogService dialogs, SettingsStore settingsStore) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.remembered = new RememberedSettings(
                Objects.requireNonNull(settingsStore, "settingsStore"), executor, status);
        this.claheFilling = new ClaheFilling(executor, display, status);
        this.detection = new DetectionModel(executor, status, dialogs);
        this.exports = new ExportJobs(executor, status, dialogs);
        this.cases = new CaseOpening(this, executor);
        this.scanLoading = new ScanLoading(executor, dialogs, status, this::show);
        if (remembered.minProbability() != null) {
            nodules.minProbabilityProperty().set(remembered.minProbability());
        }
        this.shown = new ShownNodules(scan, detection, nodules,
                () -> overlayRevision.set(overlayRevision.get() + 1));
        nodules.minProbabilityProperty().addListener((obs, old, now) -> {
            if (now != null) {
                remembered.rememberMinProbability(nodules.operatingPoint().minProbability());
            }
        });
        selectedNodule.addListener(x -> overlayRevision.set(overlayRevision.get() + 1));
        nodules.selectedProperty().addListener((obs, old, row) -> {
            selectedNodule.set(row == null ? -1 : row.id());
            if (row != null) {
                goTo(row);
            }
        });
    }

    public DisplayModel display() {
        return display;
    }

    public StatusModel status() {
        return status;
    }

    public NoduleListModel nodules() {
        return nodules;
    }

    public DetectionModel detection() {
        return detection;
    }

    public ReadOnlyObjectProperty<ScanSession> scanProperty() {
        return scan;
    }

    public ReadOnlyObjectProperty<LungMaskOutcome> lungsProperty() {
        return lungs;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ObservableList<Path> recentScans() {
        return remembered.recentScans();
    }

    public TaskExecutor executor() {
        return executor;
    }

    public DialogService dialogs() {
        return dialogs;
    }

    /** The lung mask, once it is known. */
    public Optional<VolumeMask> lungMask() {
        LungMaskOutcome o = lungs.get();
        return o == null ? Optional.empty() : o.mask().map(LungMasker.LungMask::mask);
    }

    /**
     * Opens a {@code .mhd}/{@code .mha} file or a DICOM folder (asking which series when it
     * holds several). Problems end in one dialog; the scan shown so far stays.
     */
    public void open(Path path) {
        scanLoading.open(path);
    }

    /**
     * Opens the demo scan: the one shipped with the program, else the one in the user's folder,
     * generated on the very first start.
     */
    public void openDemo() {
        scanLoading.openDemo();
    }

    /**
     * Shows the scan a start-up read ahead (and its lung mask), as {@link #open(Path)} or
     * {@link #openDemo()} would have: the same status, the same messages when it fails.
     */
    public void open(ScanPrefetch prefetch) {
        scanLoading.open(prefetch);
    }

    /** Shows a scan read by another part of the viewer (a case of an evaluation). */
    void present(ScanSession session) {
        show(session);
    }

    private void show(ScanSession session) {
        show(session, null);
    }

    private void show(ScanSession session, ScanPrefetch prefetch) {
        lungJob.cancel();
        shown.forgetSaved();
        detection.clearResults();
        scan.set(session);
        lungs.set(null);
        claheCache = new ClaheSliceCache(session.ct(), ClaheFilter.withDefaults());
        chain = DisplayChain.standard(claheCache);
        claheFilling.scanChanged(claheCache);
        display.showScan(session.ct().size().z(), session.ct().size().z() / 2);
        title.set("NoduleScope - " + session.displayName());
        status.setMessage(String.format("Opened %s: %s voxels, read in %.2f s",
                session.displayName(), session.ct().size(),
                session.readTime().toNanos() / 1e9));
        status.groundTruthProperty().set(session.annotations().note());
        status.lungsProperty().set("Lung mask: looking for it");
        remembered.rememberScan(session.source());
        loadLungs(session, prefetch);
    }

    private void loadLungs(ScanSession session, ScanPrefetch prefetch) {
        Object job = new Object();
        lungJob = executor.execute(BackgroundTask.of("Lung mask",
                ctx -> prefetch != null ? prefetch.lungs() : lungLoader.load(session, ctx))
                .onProgress(p -> status.report(job, p))
                .onSuccess(outcome -> {
                    if (scan.get() == session) {
                        lungs.set(outcome);
                        status.lungsProperty().set(outcome.status());
                    }
                })
                .onFailure(e -> status.lungsProperty().set("No lung mask: " + message(e)))
                .onFinished(() -> status.finished(job)));
    }

    /** Replaces the ground truth with a table the user chose. */
    public void openAnnotations(Path csv) {
        ScanSession current = scan.get();
        if (current == null) {
            dialogs.showError("No scan open", "Open a scan before its annotations.");
            return;
        }
        Object job = new Object();
        executor.execute(BackgroundTask.of("Reading annotations",
                ctx -> AnnotationLocator.read(csv, current.seriesUid()))
                .onProgress(p -> status.report(job, p))
                .onSuccess(set -> applyAnnotations(current, set))
                .onFailure(e -> dialogs.showError("Cannot read " + csv.getFileName(), message(e)))
                .onFinished(() -> status.finished(job)));
    }

    private void applyAnnotations(ScanSession from, AnnotationSet set) {
        if (scan.get() == from) {
            scan.set(from.withAnnotations(set));
            status.groundTruthProperty().set(set.note());
        }
    }

    /** The current slice through the display chain; empty without a scan. */
    public Optional<RenderedSlice> render() {
        ScanSession s = scan.get();
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(chain.render(new SliceRequest(s.ct(), lungMask(), display.slice(),
                display.settings())));
    }

    /** Changes whenever the marks on the slices change (new scan, results, selection). */
    public Observable overlaysChanged() {
        return overlayRevision;
    }

    /** The id of the nodule selected in the list, or -1. */
    public int selectedNodule() {
        return selectedNodule.get();
    }

    public IntegerProperty selectedNoduleProperty() {
        return selectedNodule;
    }

    /**
     * The marks on the current slice: ground-truth boxes, and the predictions at or above the
     * minimum probability once detected.
     */
    public List<OverlayItem> overlays() {
        return shown.on(display.slice());
    }

    /** Shows the nodules of a detections file on the open scan, until another run or scan. */
    void showSaved(ScanSession session, List<DetectedNodule> found) {
        shown.showSaved(session, found);
    }

    /** Every prediction of the shown run or file, including those below the minimum. */
    List<DetectedNodule> predictions() {
        return shown.predictions();
    }

    /**
     * Opens an evaluation's case: its scan (unless it is open) with the marks of its detections
     * file and every overlay on, at the case's slice. Problems end in one dialog.
     */
    public void openCase(CaseTarget target) {
        cases.open(target);
    }

    /** Runs detection on the open scan with its lung mask, when the model is ready. */
    public void detect() {
        ScanSession s = scan.get();
        if (s != null) {
            detection.detect(s, lungMask());
        }
    }

    /**
     * Writes the nodule list as CSV in the background: what the list holds, that is the
     * predictions at or above the minimum probability and the nodules missed at it (whatever
     * the text filter).
     */
    public void exportNodules(Path file) {
        ScanSession s = scan.get();
        if (s == null || nodules.all().isEmpty()) {
            dialogs.showError("Nothing to export", shown.predictions().isEmpty()
                    ? "Run Detect first: the list is empty."
                    : "Every prediction is below the minimum probability: lower it first.");
            return;
        }
        exports.nodules(file, s.seriesUid(), List.copyOf(nodules.all()),
                nodules.operatingPoint());
    }

    /** Shows a row's nodule: its slice, centred in the view. */
    public void goTo(NoduleRow row) {
        display.sliceProperty().set(row.focusSlice());
        // null first, so that choosing the same point again centres again after a pan
        display.focusProperty().set(null);
        display.focusProperty().set(new DisplayModel.Focus(row.focusX(), row.focusY()));
    }

    /** Slices whose CLAHE for the current window is ready (0 without a scan). */
    public int claheSlicesReady() {
        return claheCache == null ? 0
                : claheCache.cachedSlices(display.windowProperty().get().toHuWindow());
    }

    /** Updates the cursor readout for a position in image coordinates, or clears it. */
    public void pointAt(double imageX, double imageY) {
        ScanSession s = scan.get();
        status.cursorProperty().set(s == null ? ""
                : CursorReadout.at(s.ct(), display.slice(), imageX, imageY).orElse(""));
    }

    public void clearPointer() {
        status.cursorProperty().set("");
    }

    /** Saves pixels (the current view) as PNG in the background. */
    public void savePng(Path file, int width, int height, int[] argb) {
        exports.png(file, width, height, argb);
    }

    /** Cancels background work and waits a little for it to let go; for closing the window. */
    public boolean shutdown(Duration grace) {
        scanLoading.cancel();
        lungJob.cancel();
        detection.cancel();
        boolean stopped = executor.shutdown(grace);
        if (stopped) {
            detection.close();
        }
        return stopped;
    }

    /** One sentence for the user: our exceptions carry it; others are named. */
    public static String message(Exception e) {
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) {
            return e.getMessage();
        }
        return e.toString();
    }
}
