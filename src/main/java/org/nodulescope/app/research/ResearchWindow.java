package org.nodulescope.app.research;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.nodulescope.app.scan.ScanSession;
import org.nodulescope.app.viewer.ViewerModel;

/**
 * The research view's window beside the viewer: built once, shown again when asked for. Its
 * cases open in the viewer it belongs to; closing it only hides it, and its background work
 * belongs to the viewer's runner, which stops it when the viewer closes.
 */
public final class ResearchWindow {

    private final Stage stage;
    private final ResearchModel model;
    private final ResearchController controller;

    private ResearchWindow(Stage stage, ResearchModel model, ResearchController controller) {
        this.stage = stage;
        this.model = model;
        this.controller = controller;
    }

    /**
     * @param owner the viewer's window
     * @param viewer the viewer's model, where cases open
     * @return the window, not yet shown
     */
    public static ResearchWindow create(Window owner, ViewerModel viewer) {
        ResearchModel model = new ResearchModel(viewer);
        ResearchController controller = new ResearchController(model, () -> {
            // the data set of the scan open now: where its ground truth was found
            ScanSession open = viewer.scanProperty().get();
            return open == null ? Optional.empty()
                    : open.annotations().file().map(Path::getParent);
        });
        FXMLLoader loader = new FXMLLoader(ResearchWindow.class.getResource(
                "/org/nodulescope/app/research.fxml"));
        loader.setController(controller);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("the research view's own layout could not be loaded",
                    e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(ResearchWindow.class.getResource(
                "/org/nodulescope/app/viewer.css").toExternalForm());
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("NoduleScope - research view");
        stage.setScene(scene);
        return new ResearchWindow(stage, model, controller);
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    public Stage stage() {
        return stage;
    }

    public ResearchModel model() {
        return model;
    }

    public ResearchController controller() {
        return controller;
    }
}
