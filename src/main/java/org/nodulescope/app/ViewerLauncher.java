package org.nodulescope.app;

import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import org.nodulescope.app.scan.ScanPrefetch;

/**
 * Starts the JavaFX viewer from the class path (the program is a plain jar with its libraries
 * beside it, not a module) and blocks until its window is closed.
 */
public final class ViewerLauncher {

    private static ViewerOptions options = ViewerOptions.demo();
    private static final StartupTimeline TIMELINE = new StartupTimeline();
    private static Optional<ScanPrefetch> prefetch = Optional.empty();

    private ViewerLauncher() {}

    /** The options of the running viewer, for {@link ViewerApplication}. */
    static synchronized ViewerOptions options() {
        return options;
    }

    /** The scan read ahead while JavaFX starts, when it could be, for {@link StartupPlan}. */
    static synchronized Optional<ScanPrefetch> prefetch() {
        return prefetch;
    }

    /** The figures of this process's start, for {@link ViewerApplication}. */
    static StartupTimeline timeline() {
        return TIMELINE;
    }

    /**
     * Opens the viewer; returns when the user closed it. JavaFX allows one launch per process.
     *
     * @return the process exit code
     */
    public static int launch(ViewerOptions viewerOptions) {
        TIMELINE.mark("launch");
        synchronized (ViewerLauncher.class) {
            options = Objects.requireNonNull(viewerOptions, "viewerOptions");
            // reading the scan and finding its lungs take about as long as starting JavaFX
            // and building the window: done side by side, the first slice comes sooner
            prefetch = ScanPrefetch.start(options.scan());
        }
        // JavaFX warns that it was loaded from the class path rather than as modules; that is
        // how this program ships, so the warning would only alarm users.
        Logger.getLogger("javafx").setLevel(Level.SEVERE);
        Application.launch(ViewerApplication.class);
        return ViewerApplication.exitCode();
    }
}
