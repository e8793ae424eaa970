package org.nodulescope.app.viewer;

import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nodulescope.app.scan.SettingsStore;
import org.nodulescope.app.scan.ViewerSettings;
import org.nodulescope.app.task.BackgroundTask;
import org.nodulescope.app.task.TaskExecutor;

/**
 * The viewer's settings kept between runs: read once at the start, saved in the background
 * after every change (a failed save is one line in the status bar: settings are a comfort).
 * JavaFX thread only.
 */
final class RememberedSettings {

    private final SettingsStore store;
    private final TaskExecutor executor;
    private final StatusModel status;
    private final ObservableList<Path> recentScans = FXCollections.observableArrayList();
    private ViewerSettings settings;

    RememberedSettings(SettingsStore store, TaskExecutor executor, StatusModel status) {
        this.store = store;
        this.executor = executor;
        this.status = status;
        this.settings = store.load();
        recentScans.setAll(settings.recentPaths());
    }

    /** Newest first. */
    ObservableList<Path> recentScans() {
        return recentScans;
    }

    /** The minimum probability last chosen, or null when never. */
    Double minProbability() {
        return settings.minProbability();
    }

    void rememberScan(Path source) {
        save(settings.withRecent(source), "Recent files");
        recentScans.setAll(settings.recentPaths());
    }

    void rememberMinProbability(double value) {
        save(settings.withMinProbability(value), "Minimum probability");
    }

    private void save(ViewerSettings changed, String what) {
        settings = changed;
        ViewerSettings snapshot = changed;
        executor.execute(BackgroundTask.of("Saving settings", ctx -> {
            store.save(snapshot);
            return snapshot;
        }).onFailure(e -> status.setMessage(what + " not saved: " + ViewerModel.message(e))));
    }
}
