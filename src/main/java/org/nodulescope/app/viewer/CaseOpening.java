package org.nodulescope.app.viewer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OperatingPoint;
import org.nodulescope.app.scan.ScanOpener;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;
import org.nodulescope.app.task.TaskHandle;
import org.nodulescope.detect.DetectedNodule;
import org.nodulescope.detect.SavedDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/**
 * Shows an evaluation's case in the viewer: opens its scan (in the background, unless it is the
 * one on screen), puts the marks of its detections file on it, switches the overlays on and goes
 * to the case's slice, centred on it. Paging through the cases of one scan only moves the view.
 * A predicted case below the list's minimum probability would be invisible, so the minimum is
 * lowered to the highest step that shows it, and the status bar says so; it stays there (the
 * reader raises it again) rather than changing back behind the reader's back.
 * JavaFX thread only.
 */
final class CaseOpening {

    /** A scan read together with the nodules of its detections file. */
    private record Loaded(ScanSession session, List<DetectedNodule> nodules) {}

    private final ViewerModel model;
    private final TaskExecutor executor;
    private final ScanOpener opener = new ScanOpener();
    private Optional<Path> shownDetections = Optional.empty();
    private ScanSession shownFor;
    private TaskHandle job = TaskHandle.DONE;

    CaseOpening(ViewerModel model, TaskExecutor executor) {
        this.model = model;
        this.executor = executor;
    }

    void open(CaseTarget target) {
        ScanSession current = model.scanProperty().get();
        boolean sameScan = current != null && current.source().equals(
                target.scan().toAbsolutePath().normalize());
        if (sameScan && current == shownFor && shownDetections.equals(target.detections())) {
            focus(target, current);
            return;
        }
        job.cancel();
        Object key = new Object();
        job = executor.execute(BackgroundTask.of("Opening case", ctx -> {
            ScanSession session = sameScan ? current
                    : opener.open(target.scan(), Optional.empty(), ctx);
            List<DetectedNodule> nodules = List.of();
            if (target.detections().isPresent()) {
                ctx.message("Reading " + target.detections().get().getFileName());
                nodules = SavedDetections.nodules(ScanDetectionsFile.read(
                        target.detections().get()), session.ct());
            }
            return new Loaded(session, nodules);
        }).onProgress(p -> model.status().report(key, p))
                .onSuccess(l -> {
                    if (l.session() != model.scanProperty().get()) {
                        model.present(l.session());
                    }
                    shownFor = l.session();
                    shownDetections = target.detections();
                    model.showSaved(l.session(), l.nodules());
                    focus(target, l.session());
                })
                .onFailure(e -> model.dialogs().showError("Cannot show the case",
                        ViewerModel.message(e)))
                .onFinished(() -> model.status().finished(key)));
    }

    /** Overlays on, the case's row chosen in the list, its slice centred on its point. */
    private void focus(CaseTarget target, ScanSession session) {
        DisplayModel d = model.display();
        d.predictedBoxesProperty().set(true);
        d.predictedMasksProperty().set(true);
        d.groundTruthProperty().set(true);
        VoxelPoint v = session.ct().geometry().toVoxel(target.centre());
        int last = session.ct().size().z() - 1;
        int slice = Math.max(0, Math.min(last, target.slice() >= 0 ? target.slice()
                : (int) Math.round(v.z())));
        lowerMinimumToShow(target);
        model.nodules().selectedProperty().set(row(target).orElse(null));
        d.sliceProperty().set(slice);
        d.focusProperty().set(null);
        d.focusProperty().set(new DisplayModel.Focus(v.x() + 0.5, v.y() + 0.5));
    }

    private void lowerMinimumToShow(CaseTarget target) {
        OperatingPoint now = model.nodules().operatingPoint();
        model.predictions().stream().filter(n -> n.rank() == target.noduleRank())
                .filter(n -> !now.shows(n.probability())).findFirst().ifPresent(n -> {
                    OperatingPoint lowered = OperatingPoint.showing(n.probability());
                    model.nodules().minProbabilityProperty().set(lowered.minProbability());
                    model.status().setMessage(String.format(Locale.ROOT,
                            "Minimum probability lowered from %.2f to %.2f to show case #%d"
                                    + " (probability %.3f)", now.minProbability(),
                            lowered.minProbability(), n.rank(), n.probability()));
                });
    }

    /** The list's row of the case: a prediction by rank, a missed nodule by its centre. */
    private Optional<NoduleRow> row(CaseTarget target) {
        if (!target.missed()) {
            return target.noduleRank() > 0 ? model.nodules().byId(target.noduleRank())
                    : Optional.empty();
        }
        // the same annotation read from the same table; a tolerance covers a copy of it
        return model.nodules().all().stream().filter(r -> r.status() == NoduleStatus.FN
                && distance(r.centre(), target.centre()) < 0.5).findFirst();
    }

    private static double distance(WorldPoint a, WorldPoint b) {
        return Math.sqrt((a.x() - b.x()) * (a.x() - b.x()) + (a.y() - b.y()) * (a.y() - b.y())
                + (a.z() - b.z()) * (a.z() - b.z()));
    }
}
