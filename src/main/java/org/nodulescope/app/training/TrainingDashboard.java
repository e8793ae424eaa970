package org.nodulescope.app.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.nodulescope.app.viewer.ViewerModel;

/**
 * The training dashboard's window beside the viewer. Closing it while a run is going asks
 * whether to stop: stopping finishes the batch, writes {@code last/} and then closes; keeping
 * the run leaves the window open.
 */
public final class TrainingDashboard {

    /** The answer that stops the run. */
    static final ButtonType STOP = new ButtonType("Stop the run", ButtonBar.ButtonData.YES);
    /** The answer that keeps it going. */
    static final ButtonType KEEP = new ButtonType("Keep training",
            ButtonBar.ButtonData.CANCEL_CLOSE);

    private final Stage stage;
    private final DashboardModel model;
    private final DashboardController controller;
    private Alert question;

    private TrainingDashboard(Stage stage, DashboardModel model,
            DashboardController controller) {
        this.stage = stage;
        this.model = model;
        this.controller = controller;
    }

    /**
     * @param owner the viewer's window
     * @param viewer the viewer, whose runner trains and whose detection takes a checkpoint
     * @return the window, not yet shown
     */
    public static TrainingDashboard create(Window owner, ViewerModel viewer) {
        DashboardModel model = new DashboardModel(viewer.executor(), Platform::runLater,
                viewer.detection(), viewer::openCase);
        DashboardController controller = new DashboardController(model);
        FXMLLoader loader = new FXMLLoader(TrainingDashboard.class.getResource(
                "/org/nodulescope/app/dashboard.fxml"));
        loader.setController(controller);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard's own layout could not be loaded", e);
        }
        Scene scene = new Scene(root);
        scene.getStylesheets().add(TrainingDashboard.class.getResource(
                "/org/nodulescope/app/viewer.css").toExternalForm());
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("NoduleScope - training");
        stage.setScene(scene);
        TrainingDashboard d = new TrainingDashboard(stage, model, controller);
        stage.setOnCloseRequest(e -> {
            if (model.stateProperty().get().active()) {
                e.consume();
                d.askToStop(stage::hide);
            }
        });
        return d;
    }

    /** Starts a run and shows the window. */
    public void start(TrainingRequest request) {
        model.start(request);
        show();
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    /**
     * Asks whether to stop the run.
     *
     * @param whenStopped what to do once the run has stopped (close a window)
     */
    public void askToStop(Runnable whenStopped) {
        question = new Alert(Alert.AlertType.CONFIRMATION, "The run stops after the current"
                + " batch and writes last/, from which Resume continues it later.", STOP, KEEP);
        question.initOwner(stage);
        question.setTitle("Stop training?");
        question.setHeaderText("A training run is going. Stop it?");
        question.getDialogPane().setId("stop-question");
        question.resultProperty().addListener((obs, old, answer) -> {
            if (answer == STOP) {
                model.stop();
                whenStopped(whenStopped);
            }
        });
        question.show();
    }

    private void whenStopped(Runnable action) {
        if (!model.stateProperty().get().active()) {
            action.run();
            return;
        }
        model.stateProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends DashboardModel.State>
                    obs, DashboardModel.State old, DashboardModel.State now) {
                if (!now.active()) {
                    obs.removeListener(this);
                    action.run();
                }
            }
        });
    }

    /** @return the open stop question, if any (for tests) */
    Optional<Alert> question() {
        return Optional.ofNullable(question);
    }

    public Stage stage() {
        return stage;
    }

    public DashboardModel model() {
        return model;
    }

    public DashboardController controller() {
        return controller;
    }
}
