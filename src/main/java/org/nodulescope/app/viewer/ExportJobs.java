package org.nodulescope.app.viewer;

import java.nio.file.Path;
import java.util.List;
import org.nodulescope.app.nodules.NoduleCsv;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.OperatingPoint;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;

/**
 * Writing files the user asked for (the view as PNG, the nodule list as CSV) as background jobs:
 * the status bar says where they went, a failure ends in one dialog.
 */
final class ExportJobs {

    /** Writes one file. */
    @FunctionalInterface
    interface Writer {
        void write(Path file) throws Exception;
    }

    private final TaskExecutor executor;
    private final StatusModel status;
    private final DialogService dialogs;

    ExportJobs(TaskExecutor executor, StatusModel status, DialogService dialogs) {
        this.executor = executor;
        this.status = status;
        this.dialogs = dialogs;
    }

    void png(Path file, int width, int height, int[] argb) {
        run(file, "the view", f -> PngFile.write(f, width, height, argb));
    }

    /** The list's rows at {@code point}: what is shown, not every prediction of the run. */
    void nodules(Path file, String seriesUid, List<NoduleRow> rows, OperatingPoint point) {
        run(file, rows.size() + " rows (" + point.text() + ")",
                f -> NoduleCsv.write(f, seriesUid, rows));
    }

    private void run(Path file, String what, Writer writer) {
        Object job = new Object();
        executor.execute(BackgroundTask.of("Saving " + file.getFileName(), ctx -> {
            writer.write(file);
            return file;
        }).onProgress(p -> status.report(job, p))
                .onSuccess(f -> status.setMessage("Saved " + what + " to " + f))
                .onFailure(e -> dialogs.showError("Cannot save " + file.getFileName(),
                        ViewerModel.message(e)))
                .onFinished(() -> status.finished(job)));
    }
}
