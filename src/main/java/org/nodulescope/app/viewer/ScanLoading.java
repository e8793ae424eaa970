package org.nodulescope.app.viewer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nodulescope.app.scan.DemoScan;
import org.nodulescope.app.scan.ScanOpener;
import org.nodulescope.app.scan.ScanPrefetch;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.io.DicomSeriesInfo;

/**
 * The viewer's ways to a scan: a file, a DICOM folder (asking which series when it holds
 * several), the demo scan, or the scan a start-up read ahead. Each runs in the background with
 * its progress in the status bar and ends in one dialog when it fails; a newer request cancels
 * the one still reading, and the scan shown so far stays until the new one is read.
 */
final class ScanLoading {

    /** Receives a scan once read, with the read-ahead that also holds its lung mask, if any. */
    interface Shower {
        void show(ScanSession session, ScanPrefetch prefetch);
    }

    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final StatusModel status;
    private final Shower shower;
    private final ScanOpener opener = new ScanOpener();
    private TaskHandle loading = TaskHandle.DONE;

    ScanLoading(TaskExecutor executor, DialogService dialogs, StatusModel status, Shower shower) {
        this.executor = executor;
        this.dialogs = dialogs;
        this.status = status;
        this.shower = shower;
    }

    void open(Path path) {
        if (!Files.exists(path)) {
            dialogs.showError("Cannot open scan", path + ": does not exist; check the path");
            return;
        }
        if (!Files.isDirectory(path)) {
            load(path, Optional.empty());
            return;
        }
        Object job = new Object();
        executor.execute(BackgroundTask.of("Listing DICOM series", ctx -> opener.listSeries(path))
                .onProgress(p -> status.report(job, p))
                .onSuccess(series -> chooseAndLoad(path, series))
                .onFailure(e -> dialogs.showError("Cannot open " + path.getFileName(),
                        ViewerModel.message(e)))
                .onFinished(() -> status.finished(job)));
    }

    private void chooseAndLoad(Path folder, List<DicomSeriesInfo> series) {
        Optional<String> uid = series.size() == 1 ? Optional.of(series.get(0).seriesUid())
                : dialogs.chooseSeries(folder, series);
        uid.ifPresent(u -> load(folder, Optional.of(u)));
    }

    void openDemo() {
        Object job = new Object();
        executor.execute(BackgroundTask.of("Demo scan", DemoScan::locate)
                .onProgress(p -> status.report(job, p))
                .onSuccess(this::open)
                .onFailure(e -> dialogs.showError("Cannot prepare the demo scan",
                        ViewerModel.message(e)))
                .onFinished(() -> status.finished(job)));
    }

    void open(ScanPrefetch prefetch) {
        loading.cancel();
        Object job = new Object();
        loading = executor.execute(BackgroundTask.of("Opening the scan", ctx -> prefetch.scan())
                .onProgress(p -> status.report(job, p))
                .onSuccess(session -> shower.show(session, prefetch))
                .onFailure(e -> dialogs.showError("Cannot open the scan",
                        ViewerModel.message(e)))
                .onFinished(() -> status.finished(job)));
    }

    private void load(Path path, Optional<String> series) {
        loading.cancel();
        Object job = new Object();
        loading = executor.execute(BackgroundTask.of("Opening " + path.getFileName(),
                ctx -> opener.open(path, series, ctx))
                .onProgress(p -> status.report(job, p))
                .onSuccess(session -> shower.show(session, null))
                .onFailure(e -> dialogs.showError("Cannot open " + path.getFileName(),
                        ViewerModel.message(e)))
                .onFinished(() -> status.finished(job)));
    }

    void cancel() {
        loading.cancel();
    }
}
