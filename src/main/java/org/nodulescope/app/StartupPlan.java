package org.nodulescope.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.nodulescope.app.viewer.DetectionModel;
import org.nodulescope.app.viewer.PngFile;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.app.viewer.ViewerWindow;
import org.nodulescope.io.ApplicationHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the viewer does right after its window opens: open the scan (or the demo scan), load the
 * model (the one asked for, else {@code models/demo} beside the program when it is there), run
 * detection when asked to, and for {@code --screenshot} save the window once all of that is on
 * screen (with the lung mask on over light blue and the first nodule of the list chosen) and
 * quit.
 */
final class StartupPlan {

    /** Where the demo model ships, relative to the program's home. */
    static final String DEMO_MODEL = "models/demo";

    private static final Logger LOG = LoggerFactory.getLogger(StartupPlan.class);

    private final ViewerWindow window;
    private final ViewerOptions options;
    private final StartupTimeline timeline;
    private boolean detectionStarted;
    private boolean firstSliceAwaited;
    private boolean logged;
    private boolean done;

    StartupPlan(ViewerWindow window, ViewerOptions options, StartupTimeline timeline) {
        this.window = window;
        this.options = options;
        this.timeline = timeline;
    }

    void run() {
        ViewerModel model = window.model();
        ViewerLauncher.prefetch().ifPresentOrElse(model::open,
                () -> options.scan().ifPresentOrElse(model::open, model::openDemo));
        Optional<Path> folder = options.model().or(() -> ApplicationHome.findFolder(DEMO_MODEL));
        folder.ifPresent(model.detection()::openModel);
        InvalidationListener step = new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                advance();
            }
        };
        model.scanProperty().addListener(step);
        model.lungsProperty().addListener(step);
        model.detection().modelProperty().addListener(step);
        model.detection().lastRunProperty().addListener(step);
        model.detection().runningProperty().addListener(step);
    }

    private void advance() {
        ViewerModel model = window.model();
        DetectionModel.ModelState state = model.detection().modelProperty().get().state();
        boolean scanReady = model.scanProperty().get() != null
                && model.lungsProperty().get() != null;
        noteTimes(model, state, scanReady);
        if (options.detect() && !detectionStarted && scanReady
                && state == DetectionModel.ModelState.READY) {
            detectionStarted = true;
            model.detect();
        }
        if (options.screenshot().isEmpty() || done || !scanReady) {
            return;
        }
        boolean modelSettled = state != DetectionModel.ModelState.LOADING;
        boolean detectionSettled = !options.detect()
                || state != DetectionModel.ModelState.READY
                || detectionStarted && !model.detection().runningProperty().get();
        if (modelSettled && detectionSettled) {
            done = true;
            // the picture for the documentation: lungs on light blue, the first nodule chosen
            model.display().backgroundProperty().set(org.nodulescope.app.display.Background
                    .LIGHT_BLUE);
            model.display().lungMaskProperty().set(true);
            model.nodules().shown().stream().findFirst()
                    .ifPresent(row -> model.nodules().selectedProperty().set(row));
            // two hand-overs: the redraw is scheduled, then laid out and rendered
            Platform.runLater(() -> Platform.runLater(() -> save(options.screenshot().get())));
        }
    }

    /**
     * The startup figures: the scan and its mask when they arrive, the first slice once the
     * frame after them is rendered, the model when it is ready (or has failed); logged once
     * both the slice and the model are settled.
     */
    private void noteTimes(ViewerModel model, DetectionModel.ModelState state,
            boolean scanReady) {
        if (model.scanProperty().get() != null) {
            timeline.mark("scan");
        }
        if (model.lungsProperty().get() != null) {
            timeline.mark("lungs");
        }
        if (state != DetectionModel.ModelState.LOADING) {
            timeline.mark("model " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (scanReady && !firstSliceAwaited) {
            firstSliceAwaited = true;
            // the slice is laid out in the next pulse after the scan and mask arrived and
            // rendered right after it
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                window.scene().removePostLayoutPulseListener(once[0]);
                timeline.mark("first slice");
                logWhenSettled();
            };
            window.scene().addPostLayoutPulseListener(once[0]);
            Platform.requestNextPulse();
        }
        logWhenSettled();
    }

    private void logWhenSettled() {
        DetectionModel.ModelState state = window.model().detection().modelProperty().get()
                .state();
        if (!logged && timeline.has("first slice") && state != DetectionModel.ModelState.LOADING) {
            logged = true;
            LOG.info(timeline.summary());
        }
    }

    private void save(Path file) {
        WritableImage img = window.scene().snapshot(null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        try {
            PngFile.write(file, w, h, argb);
            LOG.info("screenshot saved to {} ({} x {})", file, w, h);
        } catch (IOException e) {
            LOG.error("screenshot not saved: {}", e.getMessage());
            ViewerApplication.setExitCode(1);
        }
        window.scene().getWindow().hide();
        Platform.exit();
    }
}
