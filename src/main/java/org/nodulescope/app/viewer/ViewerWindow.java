package org.nodulescope.app.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.task.TaskExecutor;

/**
 * Builds the main window on a stage: the model, the FXML view and its controller, the style
 * sheet, and a close handler that cancels background work and waits for it to let go of what it
 * holds (a loaded network, native memory) before the window goes.
 */
public final class ViewerWindow {

    /** How long closing waits for a running detection to stop and free its network. */
    public static final Duration CLOSE_GRACE = Duration.ofSeconds(15);

    private final ViewerModel model;
    private final MainController controller;
    private final Scene scene;

    private ViewerWindow(ViewerModel model, MainController controller, Scene scene) {
        this.model = model;
        this.controller = controller;
        this.scene = scene;
    }

    /** Shows the viewer on {@code stage}, running jobs on {@code executor}. */
    public static ViewerWindow show(Stage stage, TaskExecutor executor, SettingsStore settings) {
        ViewerModel model = new ViewerModel(executor, new FxDialogService(stage), settings);
        MainController controller = new MainController(model);
        FXMLLoader loader = new FXMLLoader(ViewerWindow.class.getResource(
                "/org/nodulescope/app/viewer.fxml"));
        loader.setController(controller);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("the viewer's own layout could not be loaded", e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ViewerWindow.class.getResource(
                "/org/nodulescope/app/viewer.css").toExternalForm());
        stage.setScene(scene);
        for (int px : new int[] {16, 32, 48, 64, 128, 256}) {
            var icon = ViewerWindow.class.getResource(
                    "/org/nodulescope/icons/nodulescope-" + px + ".png");
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon.toExternalForm()));
            }
        }
        stage.titleProperty().bind(model.titleProperty());
        stage.setOnHidden(e -> model.shutdown(CLOSE_GRACE));
        stage.show();
        controller.sliceView().requestFocus();
        return new ViewerWindow(model, controller, scene);
    }

    public ViewerModel model() {
        return model;
    }

    public MainController controller() {
        return controller;
    }

    public Scene scene() {
        return scene;
    }
}
