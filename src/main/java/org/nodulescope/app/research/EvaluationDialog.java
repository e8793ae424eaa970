package org.nodulescope.app.research;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.nodulescope.io.ApplicationHome;

/**
 * Asks which data set to evaluate with which model, and where the evaluation goes. The model
 * folder defaults to the demo model beside the program, the output to a new folder beside the
 * data set; the checks themselves are the services', which name what is wrong.
 */
final class EvaluationDialog {

    private EvaluationDialog() {}

    static Optional<EvaluationRequest> ask(Window owner, Optional<Path> dataSet) {
        Dialog<EvaluationRequest> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Evaluate a data set");
        dialog.setHeaderText("Detect every scan of a LUNA16 folder with a model, then evaluate"
                + " it (FROC, CPM, the paper's protocol)");
        TextField data = new TextField(dataSet.map(Path::toString).orElse(""));
        TextField model = new TextField(ApplicationHome.findFolder("models/demo")
                .map(Path::toString).orElse(""));
        TextField out = new TextField(dataSet.map(EvaluationDialog::besides).orElse(""));
        data.textProperty().addListener((obs, old, now) -> {
            if (out.getText().isBlank() && !now.isBlank()) {
                out.setText(besides(Path.of(now)));
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        row(grid, 0, "LUNA16 folder", data, owner);
        row(grid, 1, "Model folder", model, owner);
        row(grid, 2, "New folder for the evaluation", out, owner);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(
                data.textProperty().isEmpty().or(model.textProperty().isEmpty())
                        .or(out.textProperty().isEmpty()));
        dialog.setResultConverter(b -> b == ButtonType.OK ? new EvaluationRequest(
                Path.of(data.getText().strip()), Path.of(model.getText().strip()),
                Path.of(out.getText().strip()), EvaluationRequest.BOOTSTRAP) : null);
        return dialog.showAndWait();
    }

    /** A folder name beside the data set that is not taken yet. */
    static String besides(Path data) {
        Path parent = data.toAbsolutePath().getParent();
        String base = data.getFileName() + "-evaluation";
        Path candidate = parent == null ? Path.of(base) : parent.resolve(base);
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = candidate.resolveSibling(base + "-" + i);
        }
        return candidate.toString();
    }

    private static void row(GridPane grid, int row, String label, TextField field, Window owner) {
        Button choose = new Button("Choose…");
        choose.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle(label);
            File chosen = chooser.showDialog(owner);
            if (chosen != null) {
                field.setText(chosen.getPath());
            }
        });
        field.setPrefColumnCount(40);
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.addRow(row, new Label(label), field, choose);
    }
}
