package org.nodulescope.app;

import java.io.IOException;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.nodulescope.app.viewer.PngFile;
import org.nodulescope.app.viewer.ViewerModel;
import org.nodulescope.app.viewer.ViewerWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the viewer does right after its window opens: open the scan (or the demo scan), get the
 * model ready, optionally detect, and for {@code --screenshot} save the window once all of that
 * is on screen and quit.
 */
final class StartupPlan {

    private static final Logger LOG = LoggerFactory.getLogger(StartupPlan.class);

    private final ViewerWindow window;
    private final ViewerOptions options;
    private boolean shot;

    StartupPlan(ViewerWindow window, ViewerOptions options) {
        this.window = window;
        this.options = options;
    }

    void run() {
        ViewerModel model = window.model();
        options.scan().ifPresentOrElse(model::open, model::openDemo);
        options.screenshot().ifPresent(this::screenshotWhenReady);
    }

    private void screenshotWhenReady(Path file) {
        ViewerModel model = window.model();
        InvalidationListener check = new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                if (!shot && ready()) {
                    shot = true;
                    model.scanProperty().removeListener(this);
                    model.lungsProperty().removeListener(this);
                    // two pulses: the last redraw is scheduled, then laid out and rendered
                    Platform.runLater(() -> Platform.runLater(() -> save(file)));
                }
            }
        };
        model.scanProperty().addListener(check);
        model.lungsProperty().addListener(check);
    }

    private boolean ready() {
        ViewerModel model = window.model();
        return model.scanProperty().get() != null && model.lungsProperty().get() != null;
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
