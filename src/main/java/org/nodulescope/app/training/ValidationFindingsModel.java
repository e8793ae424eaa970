package org.nodulescope.app.training;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.nodulescope.train.ValidationFinding;
import org.nodulescope.train.ValidationFindings;

/**
 * The dashboard's findings, nodule by nodule, of each validation the run made in this window:
 * which nodules the checkpoint of that epoch missed and what its false positives are. The shown
 * epoch follows the newest validation until the user picks another one. Rows come missed
 * nodules first, then false positives by falling probability, then the nodules found: what a
 * reader of a validation looks for first. JavaFX thread only.
 */
public final class ValidationFindingsModel {

    private static final Comparator<ValidationFinding> READING_ORDER = Comparator
            .comparingInt((ValidationFinding f) -> switch (f.status()) {
                case FN -> 0;
                case FP -> 1;
                case TP -> 2;
            })
            .thenComparing(Comparator.comparingDouble(ValidationFinding::probability)
                    .reversed())
            .thenComparing(ValidationFinding::seriesUid)
            .thenComparingInt(ValidationFinding::centreSlice);

    private final Map<Integer, List<ValidationFinding>> byEpoch = new TreeMap<>();
    private final ObservableList<Integer> epochs = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> shownEpoch = new SimpleObjectProperty<>();
    private final ObservableList<ValidationFinding> shown = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(
            "No validation yet in this window");

    public ValidationFindingsModel() {
        shownEpoch.addListener((o, before, now) -> show(now));
    }

    /** @return the validated epochs, in order: the choices of the epoch picker */
    public ObservableList<Integer> epochs() {
        return epochs;
    }

    /** @return the epoch whose findings are shown; set it to show another */
    public ObjectProperty<Integer> shownEpochProperty() {
        return shownEpoch;
    }

    /** @return the shown epoch's findings in reading order */
    public ObservableList<ValidationFinding> shown() {
        return shown;
    }

    /** @return one line on the shown epoch: found, missed by size, false positives */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /**
     * Keeps a validation's findings; the view moves to it if it showed the newest epoch.
     *
     * @param epoch the validated epoch (a repeated one, after a resume, replaces the first)
     * @param findings its findings
     */
    public void add(int epoch, List<ValidationFinding> findings) {
        Integer before = shownEpoch.get();
        boolean following = before == null || before.equals(newest());
        byEpoch.put(epoch, List.copyOf(findings));
        epochs.setAll(byEpoch.keySet());
        Integer target = following ? newest() : before;
        if (target.equals(before)) {
            show(target); // its findings may have been replaced
        } else {
            shownEpoch.set(target);
        }
    }

    private Integer newest() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }

    /** Forgets every validation, for a new run. */
    public void clear() {
        byEpoch.clear();
        epochs.clear();
        shownEpoch.set(null);
        show(null);
    }

    private void show(Integer epoch) {
        List<ValidationFinding> findings = epoch == null ? null : byEpoch.get(epoch);
        if (findings == null) {
            shown.clear();
            summary.set("No validation yet in this window");
            return;
        }
        shown.setAll(findings.stream().sorted(READING_ORDER).toList());
        summary.set("Epoch " + epoch + ": " + ValidationFindings.counts(findings));
    }

    /** @return e.g. "72-73", or "95" for one slice */
    static String slices(ValidationFinding f) {
        return f.firstSlice() == f.lastSlice() ? Integer.toString(f.centreSlice())
                : f.firstSlice() + "-" + f.lastSlice();
    }

    /** @return the end of a series UID that tells scans of one data set apart */
    static String shortUid(String uid) {
        return uid.length() <= 10 ? uid : "\u2026" + uid.substring(uid.length() - 8);
    }

    /** A row's whole story, three lines: what it is, the scan in full, where. */
    static String describe(ValidationFinding f) {
        String what = switch (f.status()) {
            case TP -> String.format(Locale.ROOT, "found nodule %d (%.1f mm), p %.2f",
                    f.truthId(), f.truthDiameterMm(), f.probability());
            case FP -> String.format(Locale.ROOT, "false positive, p %.2f%s", f.probability(),
                    f.onExcludedFinding() ? ", on a finding of annotations_excluded.csv" : "");
            case FN -> String.format(Locale.ROOT, "missed nodule %d (%.1f mm)", f.truthId(),
                    f.truthDiameterMm());
        };
        return String.format(Locale.ROOT, "%s\n%s\nslice %s, box x %.0f-%.0f, y %.0f-%.0f",
                what, f.seriesUid(), slices(f), f.box().x1(),
                f.box().x2(), f.box().y1(), f.box().y2());
    }
}
