package org.nodulescope.app;

import java.time.Duration;
import javafx.application.Application;
import javafx.stage.Stage;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.FxTaskExecutor;
import org.nodulescope.app.viewer.ViewerWindow;

/**
 * The JavaFX application: one viewer window with the scan and model of {@link ViewerOptions}
 * (the demo scan and demo model by default), settings from the user's folder.
 */
public final class ViewerApplication extends Application {

    private static volatile int exitCode;
    private ViewerWindow window;

    static int exitCode() {
        return exitCode;
    }

    static void setExitCode(int code) {
        exitCode = code;
    }

    @Override
    public void start(Stage stage) {
        StartupTimeline timeline = ViewerLauncher.timeline();
        timeline.mark("JavaFX");
        ViewerOptions options = ViewerLauncher.options();
        stage.setWidth(1280);
        stage.setHeight(820);
        window = ViewerWindow.show(stage, new FxTaskExecutor(), SettingsStore.inUserFolder());
        WorkflowMenus.install(window);
        timeline.mark("window");
        new StartupPlan(window, options, timeline).run();
    }

    @Override
    public void stop() {
        if (window != null) {
            window.model().shutdown(Duration.ofSeconds(15));
        }
    }
}
