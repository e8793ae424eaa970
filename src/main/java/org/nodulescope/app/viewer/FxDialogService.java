package org.nodulescope.app.viewer;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.scene.control.Alert;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.Label;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.nodulescope.io.DicomSeriesInfo;

/** The viewer's dialogs as JavaFX windows owned by the main window. */
public final class FxDialogService implements DialogService {

    private final Window owner;
    private File lastFolder;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.initModality(Modality.WINDOW_MODAL);
        alert.setTitle(title);
        alert.setHeaderText(title);
        // a Label wraps long paths instead of cutting them
        Label text = new Label(message);
        text.setWrapText(true);
        text.setId("error-message");
        alert.getDialogPane().setContent(text);
        alert.getDialogPane().setId("error-dialog");
        alert.getDialogPane().setPrefWidth(560);
        // not showAndWait: the message must not freeze whatever asked for it
        alert.show();
    }

    @Override
    public Optional<String> chooseSeries(Path folder, List<DicomSeriesInfo> series) {
        Map<String, String> bySummary = series.stream().collect(Collectors.toMap(
                DicomSeriesInfo::summary, DicomSeriesInfo::seriesUid, (a, b) -> a,
                java.util.LinkedHashMap::new));
        List<String> choices = List.copyOf(bySummary.keySet());
        ChoiceDialog<String> dialog = new ChoiceDialog<>(choices.get(0), choices);
        dialog.initOwner(owner);
        dialog.setTitle("Choose a series");
        dialog.setHeaderText(folder.getFileName() + " holds " + series.size()
                + " series; which one should open?");
        dialog.getDialogPane().setId("series-dialog");
        return dialog.showAndWait().map(bySummary::get);
    }

    @Override
    public Optional<Path> chooseScanFile() {
        return openFile("Open scan", new FileChooser.ExtensionFilter("MetaImage (*.mhd, *.mha)",
                "*.mhd", "*.mha"));
    }

    @Override
    public Optional<Path> chooseDicomFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open DICOM folder");
        return remember(Optional.ofNullable(chooser.showDialog(owner)), Function.identity());
    }

    @Override
    public Optional<Path> chooseAnnotations() {
        return openFile("Open annotations", new FileChooser.ExtensionFilter(
                "LUNA16 annotations (*.csv)", "*.csv"));
    }

    @Override
    public Optional<Path> chooseModelFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open model folder");
        return remember(Optional.ofNullable(chooser.showDialog(owner)), Function.identity());
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String suggestedName, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(
                extension.toUpperCase(java.util.Locale.ROOT), "*." + extension));
        if (lastFolder != null) {
            chooser.setInitialDirectory(lastFolder);
        }
        return remember(Optional.ofNullable(chooser.showSaveDialog(owner)), f -> f.getParentFile());
    }

    private Optional<Path> openFile(String title, FileChooser.ExtensionFilter filter) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(filter,
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null) {
            chooser.setInitialDirectory(lastFolder);
        }
        return remember(Optional.ofNullable(chooser.showOpenDialog(owner)),
                File::getParentFile);
    }

    private Optional<Path> remember(Optional<File> chosen, Function<File, File> folderOf) {
        chosen.map(folderOf).filter(File::isDirectory).ifPresent(f -> lastFolder = f);
        return chosen.map(File::toPath);
    }
}
