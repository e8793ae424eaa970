package org.nodulescope.app.viewer;

import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.OperatingPoint;

/**
 * The nodule list: the rows of the last detection run at the operating point (the minimum
 * probability, which also decides the marks on the slices), the rows the text filter lets
 * through (sorted by the table), and the selected row. JavaFX thread only.
 */
public final class NoduleListModel {

    private final ObservableList<NoduleRow> rows = FXCollections.observableArrayList();
    private final FilteredList<NoduleRow> filtered = new FilteredList<>(rows, r -> true);
    private final SortedList<NoduleRow> sorted = new SortedList<>(filtered);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<NoduleRow> selected = new SimpleObjectProperty<>();
    private final StringProperty counts = new SimpleStringProperty("");
    private final StringProperty shownSummary = new SimpleStringProperty("");
    private final ObjectProperty<Double> minProbability =
            new SimpleObjectProperty<>(OperatingPoint.DEFAULT.minProbability());

    public NoduleListModel() {
        filter.addListener((obs, old, now) -> {
            String f = now == null ? "" : now;
            filtered.setPredicate(r -> r.matches(f));
        });
    }

    /** The rows as shown: filtered, and sorted once bound to a table's comparator. */
    public SortedList<NoduleRow> shown() {
        return sorted;
    }

    public ObservableList<NoduleRow> all() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<NoduleRow> selectedProperty() {
        return selected;
    }

    /** "2 TP  1 FP  0 FN", or the number of nodules without ground truth. */
    public StringProperty countsProperty() {
        return counts;
    }

    /**
     * The minimum probability of a shown prediction, 0 to 1 (a spinner's value, hence boxed);
     * see {@link OperatingPoint} for its default.
     */
    public ObjectProperty<Double> minProbabilityProperty() {
        return minProbability;
    }

    /** The operating point the minimum probability stands for. */
    public OperatingPoint operatingPoint() {
        Double v = minProbability.get();
        return v == null ? OperatingPoint.DEFAULT : new OperatingPoint(v);
    }

    /** "64 of 120 shown, &gt;= 0.50": how many predictions the minimum probability hides. */
    public StringProperty shownSummaryProperty() {
        return shownSummary;
    }

    /** New results at an operating point replace the old ones; the selection is cleared. */
    public void setRows(List<NoduleRow> newRows, String summary) {
        setRows(newRows);
        shownSummary.set(summary);
    }

    /** New results replace the old ones; the selection is cleared. */
    public void setRows(List<NoduleRow> newRows) {
        shownSummary.set("");
        selected.set(null);
        rows.setAll(newRows);
        long tp = count(NoduleStatus.TP);
        long fp = count(NoduleStatus.FP);
        long fn = count(NoduleStatus.FN);
        long unscored = count(NoduleStatus.UNSCORED);
        counts.set(newRows.isEmpty() ? "" : unscored > 0 ? unscored + " found, no ground truth"
                : tp + " TP  " + fp + " FP  " + fn + " FN");
    }

    public void clear() {
        setRows(List.of());
    }

    public Optional<NoduleRow> byId(int id) {
        return rows.stream().filter(r -> r.id() == id).findFirst();
    }

    private long count(NoduleStatus s) {
        return rows.stream().filter(r -> r.status() == s).count();
    }
}
