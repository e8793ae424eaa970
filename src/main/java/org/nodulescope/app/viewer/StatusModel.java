package org.nodulescope.app.viewer;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.nodulescope.app.task.TaskProgress;

/**
 * The status bar's state: the last message, which lung mask is shown, what is under the cursor,
 * the compute device, and the progress of background jobs (the most recently reported one is
 * shown; the bar hides when none runs). JavaFX thread only.
 */
public final class StatusModel {

    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty lungs = new SimpleStringProperty("");
    private final StringProperty cursor = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("Device: not loaded");
    private final StringProperty groundTruth = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final Map<Object, TaskProgress> jobs = new LinkedHashMap<>();

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty lungsProperty() {
        return lungs;
    }

    public StringProperty cursorProperty() {
        return cursor;
    }

    public StringProperty deviceProperty() {
        return device;
    }

    public StringProperty groundTruthProperty() {
        return groundTruth;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public void setMessage(String text) {
        message.set(text);
    }

    /** A job reported progress; {@code job} is any key that stays the same for the job. */
    public void report(Object job, TaskProgress p) {
        jobs.remove(job);
        jobs.put(job, p);
        show(p);
    }

    /** A job ended: the bar falls back to another running job, or hides. */
    public void finished(Object job) {
        jobs.remove(job);
        TaskProgress last = null;
        for (TaskProgress p : jobs.values()) {
            last = p;
        }
        if (last == null) {
            busy.set(false);
            progress.set(0);
            progressText.set("");
        } else {
            show(last);
        }
    }

    private void show(TaskProgress p) {
        busy.set(true);
        progress.set(p.fraction() < 0 ? -1 : p.fraction());
        progressText.set(p.title() + ": " + p.text());
    }
}
