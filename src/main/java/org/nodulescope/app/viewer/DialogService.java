package org.nodulescope.app.viewer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nodulescope.io.DicomSeriesInfo;

/**
 * The questions and messages the viewer puts to the user, kept behind an interface so that
 * view models stay free of windows ({@link FxDialogService} in the application).
 */
public interface DialogService {

    /** One dialog with the specific reason; it does not wait for the user. */
    void showError(String title, String message);

    /** Which series of a DICOM folder to open; empty when the user declined. */
    Optional<String> chooseSeries(Path folder, List<DicomSeriesInfo> series);

    Optional<Path> chooseScanFile();

    Optional<Path> chooseDicomFolder();

    Optional<Path> chooseAnnotations();

    Optional<Path> chooseModelFolder();

    /** Where to save a new file, suggested name given. */
    Optional<Path> chooseSaveFile(String title, String suggestedName, String extension);
}
