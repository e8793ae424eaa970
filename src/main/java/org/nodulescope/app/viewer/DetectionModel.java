package org.nodulescope.app.viewer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskContext;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.detect.Cancellation;
import org.nodulescope.detect.DetectionListener;
import org.nodulescope.detect.DetectionOptions;
import org.nodulescope.detect.DetectionProgress;
import org.nodulescope.detect.DetectionService;
import org.nodulescope.detect.ModelDescription;
import org.nodulescope.detect.ScanDetections;
import org.nodulescope.detect.ScanInput;
import org.nodulescope.model.ComputeDevice;
import org.nodulescope.volume.VolumeMask;

/**
 * The network and its runs: which model folder is loaded (or why none is), whether a run is in
 * progress, and the last finished run. Loading and detection are background jobs; a run's result
 * is published only when it is complete, so a cancelled run leaves nothing behind. Closing frees
 * the network once the worker has let go of it. JavaFX thread only, except {@link #close}.
 */
public final class DetectionModel {

    /** Where the model stands, with one sentence for the toolbar. */
    public enum ModelState { NONE, LOADING, READY, REFUSED }

    /** The model's state and the sentence that explains it. */
    public record ModelStatus(ModelState state, String text) {
        public ModelStatus {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A finished run and the scan it ran on. */
    public record Run(ScanSession scan, ScanDetections detections) {}

    private final TaskExecutor executor;
    private final StatusModel status;
    private final DialogService dialogs;
    private final ObjectProperty<ModelStatus> model = new SimpleObjectProperty<>(
            new ModelStatus(ModelState.NONE, "No model: File > Open model folder"));
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final ObjectProperty<Run> lastRun = new SimpleObjectProperty<>();
    private DetectionService service;
    private TaskHandle job = TaskHandle.DONE;
    private TaskHandle loading = TaskHandle.DONE;

    DetectionModel(TaskExecutor executor, StatusModel status, DialogService dialogs) {
        this.executor = executor;
        this.status = status;
        this.dialogs = dialogs;
    }

    public ReadOnlyObjectProperty<ModelStatus> modelProperty() {
        return model;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyObjectProperty<Run> lastRunProperty() {
        return lastRun;
    }

    /** Whether Detect can start: a ready model, a scan, no run in progress. */
    public BooleanBinding canDetect(ReadOnlyObjectProperty<ScanSession> scan) {
        return Bindings.createBooleanBinding(() -> scan.get() != null && !running.get()
                && model.get().state() == ModelState.READY, scan, running, model);
    }

    /**
     * Loads a model folder; a folder that fails its checks is refused with the reason, and
     * detection stays off until a good one is loaded.
     */
    public void openModel(Path folder) {
        if (running.get()) {
            dialogs.showError("Detection is running", "Cancel the detection before loading"
                    + " another model.");
            return;
        }
        loading.cancel();
        model.set(new ModelStatus(ModelState.LOADING, "Loading " + folder.getFileName()));
        Object key = new Object();
        loading = executor.execute(BackgroundTask.of("Loading model", ctx -> {
            ctx.message("Loading " + folder);
            ComputeDevice.Choice device = ComputeDevice.choose(ComputeDevice.Request.AUTO);
            DetectionService loaded = DetectionService.open(folder, ComputeDevice.Request.AUTO,
                    DetectionOptions.defaults());
            if (ctx.isCancelled()) {
                // another folder was chosen meanwhile: nobody will close this one but us
                loaded.close();
                throw new CancellationException("loading " + folder + " was superseded");
            }
            return new Loaded(loaded, device.report());
        }).onProgress(p -> status.report(key, p))
                .onSuccess(l -> {
                    closeService();
                    service = l.service();
                    model.set(new ModelStatus(ModelState.READY, readyText(folder,
                            l.service().model())));
                    status.deviceProperty().set(l.deviceReport());
                })
                .onFailure(e -> {
                    closeService();
                    String reason = ViewerModel.message(e);
                    model.set(new ModelStatus(ModelState.REFUSED, "Model refused: " + reason));
                    dialogs.showError("Cannot use the model folder " + folder.getFileName(),
                            reason);
                })
                .onFinished(() -> status.finished(key)));
    }

    private record Loaded(DetectionService service, String deviceReport) {}

    /**
     * The model's name, architecture and its folder's own description: the demo model's says that
     * it was trained on synthetic scans only, which a reader of the status bar must see.
     */
    static String readyText(Path folder, ModelDescription model) {
        String text = "Model: " + folder.getFileName() + " (" + model.summary() + ")";
        return model.description().isBlank() ? text : text + ": " + model.description();
    }

    /** Runs detection on {@code scan}; the result replaces the last run only when complete. */
    public void detect(ScanSession scan, Optional<VolumeMask> lungs) {
        if (service == null || running.get()) {
            return;
        }
        DetectionService s = service;
        Cancellation cancellation = new Cancellation();
        running.set(true);
        Object key = new Object();
        job = executor.execute(BackgroundTask.of("Detecting nodules", ctx -> {
            // the user's cancel reaches the run through the context; the run checks between
            // batches and leaves with CancellationException
            return s.detect(ScanInput.of(scan.ct(), scan.seriesUid(), scan.source()),
                    lungs.orElse(null), listener(ctx, cancellation), cancellation);
        }).onProgress(p -> status.report(key, p))
                .onSuccess(result -> {
                    lastRun.set(new Run(scan, result));
                    status.setMessage(summary(result));
                })
                .onCancelled(() -> {
                    cancellation.cancel();
                    status.setMessage("Detection cancelled; nothing of the run was kept");
                })
                .onFailure(e -> dialogs.showError("Detection failed", ViewerModel.message(e)))
                .onFinished(() -> {
                    running.set(false);
                    status.finished(key);
                }));
    }

    private static DetectionListener listener(TaskContext ctx, Cancellation cancellation) {
        return new DetectionListener() {
            @Override
            public void stage(String message) {
                ctx.message(message);
                stopIfCancelled();
            }

            @Override
            public void progress(DetectionProgress p) {
                ctx.progress(p.slicesDone(), p.slicesTotal(), "slices");
                stopIfCancelled();
            }

            private void stopIfCancelled() {
                if (ctx.isCancelled()) {
                    cancellation.cancel();
                }
            }
        };
    }

    private static String summary(ScanDetections r) {
        if (r.problem().isPresent()) {
            return "No detection: " + r.problem().get();
        }
        return String.format("Detection: %d nodules on slices %d-%d in %.1f s (%s)",
                r.nodules().size(), r.firstSlice(), r.lastSlice(), r.timings().totalSeconds(),
                r.device());
    }

    /** Whether a network is loaded and holds memory. */
    public boolean networkLoaded() {
        return service != null;
    }

    /** Stops a run in progress; its results are dropped. */
    public void cancel() {
        job.cancel();
    }

    /** Forgets the last run (a new scan was opened). */
    public void clearResults() {
        cancel();
        lastRun.set(null);
    }

    /**
     * Frees the network. Call after the background jobs have stopped (the executor's shutdown
     * waits for them), so that no run still uses it.
     */
    public void close() {
        closeService();
    }

    private void closeService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
