package org.nodulescope.app;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.nodulescope.app.research.ResearchWindow;
import org.nodulescope.app.training.TrainingDashboard;
import org.nodulescope.app.training.TrainingWizard;
import org.nodulescope.app.training.TrainingWizardModel;
import org.nodulescope.app.viewer.ViewerWindow;

/**
 * The researcher's workflows in the viewer's menu bar: a Train menu (the training wizard and
 * its dashboard) and a Research menu (the research view, an evaluation folder, evaluating a data
 * set, next and previous case). Each window is made once per viewer and shown again when asked
 * for. Closing the viewer during a training run asks first, as the dashboard does.
 */
public final class WorkflowMenus {

    private final ViewerWindow viewer;
    private ResearchWindow research;
    private TrainingDashboard dashboard;

    private WorkflowMenus(ViewerWindow viewer) {
        this.viewer = viewer;
    }

    /**
     * Adds the menus before the viewer's Help menu.
     *
     * @param viewer the viewer window
     * @return the menus' owner, which also opens the windows
     */
    public static WorkflowMenus install(ViewerWindow viewer) {
        WorkflowMenus menus = new WorkflowMenus(viewer);
        MenuBar bar = (MenuBar) viewer.scene().lookup("#menuBar");
        int help = Math.max(0, bar.getMenus().size() - 1);
        bar.getMenus().add(help, menus.researchMenu());
        bar.getMenus().add(help, menus.trainMenu());
        Window window = viewer.scene().getWindow();
        window.addEventHandler(WindowEvent.WINDOW_CLOSE_REQUEST, e -> {
            if (menus.dashboard != null && menus.dashboard.model().stateProperty().get()
                    .active()) {
                e.consume();
                menus.dashboard.show();
                menus.dashboard.askToStop(window::hide);
            }
        });
        window.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            if (menus.dashboard != null) {
                menus.dashboard.model().shutdown();
            }
        });
        return menus;
    }

    /** @return the training dashboard, made on first use */
    public TrainingDashboard dashboard() {
        if (dashboard == null) {
            dashboard = TrainingDashboard.create(viewer.scene().getWindow(), viewer.model());
        }
        return dashboard;
    }

    /**
     * Opens a new training wizard; Finish starts its run on the dashboard.
     *
     * @return the wizard, shown
     */
    public TrainingWizard newTrainingRun() {
        TrainingWizardModel model = new TrainingWizardModel(viewer.model().executor());
        TrainingWizard wizard = TrainingWizard.create(viewer.scene().getWindow(), model,
                request -> dashboard().start(request));
        wizard.show();
        return wizard;
    }

    private Menu trainMenu() {
        Menu menu = new Menu("_Train");
        menu.setId("trainMenu");
        MenuItem wizard = item("New training run…", "newTrainingRunItem",
                this::newTrainingRun);
        menu.setOnShowing(e -> wizard.setDisable(dashboard != null
                && dashboard.model().stateProperty().get().active()));
        MenuItem show = item("Training dashboard", "dashboardItem", () -> dashboard().show());
        menu.getItems().addAll(wizard, show);
        return menu;
    }

    /** @return the research view, made on first use */
    public ResearchWindow research() {
        if (research == null) {
            research = ResearchWindow.create(viewer.scene().getWindow(), viewer.model());
        }
        return research;
    }

    private Menu researchMenu() {
        Menu menu = new Menu("_Research");
        menu.setId("researchMenu");
        MenuItem view = item("Research view", "researchViewItem", () -> research().show());
        MenuItem open = item("Open evaluation folder…", "openEvaluationItem", () -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open an evaluation folder");
            var chosen = chooser.showDialog(viewer.scene().getWindow());
            if (chosen != null) {
                research().show();
                research().model().open(chosen.toPath());
            }
        });
        MenuItem evaluate = item("Evaluate a data set…", "evaluateDataSetItem", () -> {
            research().show();
            research().controller().askForEvaluation();
        });
        MenuItem next = item("Next case", "nextCaseItem", () -> research().model().next());
        next.setAccelerator(new KeyCodeCombination(KeyCode.CLOSE_BRACKET,
                KeyCombination.SHORTCUT_DOWN));
        MenuItem previous = item("Previous case", "previousCaseItem",
                () -> research().model().previous());
        previous.setAccelerator(new KeyCodeCombination(KeyCode.OPEN_BRACKET,
                KeyCombination.SHORTCUT_DOWN));
        menu.getItems().addAll(view, open, evaluate, new javafx.scene.control.SeparatorMenuItem(),
                next, previous);
        return menu;
    }

    private static MenuItem item(String text, String id, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        item.setOnAction(e -> action.run());
        return item;
    }
}
