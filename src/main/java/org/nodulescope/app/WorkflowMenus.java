package org.nodulescope.app;

import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyCodeCombination;
import javafx.stage.DirectoryChooser;
import org.nodulescope.app.research.ResearchWindow;
import org.nodulescope.app.viewer.ViewerWindow;

/**
 * The researcher's workflows in the viewer's menu bar: a Research menu (the research view, an
 * evaluation folder, evaluating a data set, next and previous case). Each window is made once
 * per viewer and shown again when asked for.
 */
public final class WorkflowMenus {

    private final ViewerWindow viewer;
    private ResearchWindow research;

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
        int help = bar.getMenus().size() - 1;
        bar.getMenus().add(Math.max(0, help), menus.researchMenu());
        return menus;
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
