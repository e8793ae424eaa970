package org.nodulescope.app.research;

import java.util.Comparator;
import java.util.Locale;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.nodulescope.app.nodules.NoduleStatus;
import org.nodulescope.app.nodules.TableColumns;
import org.nodulescope.eval.CaseRow;

/**
 * Fills the research view's case table: scan, status (in the viewer's verdict colours),
 * probability, centre, diameter and slice, each column sorting by the value it shows (empty
 * values last), the selection tied to the {@link ResearchModel}.
 */
final class CaseTable {

    private CaseTable() {}

    @SuppressWarnings("unchecked")
    static void bind(TableView<CaseRow> table, ResearchModel model) {
        table.setItems(model.shown());
        model.shown().comparatorProperty().bind(table.comparatorProperty());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (TableColumn<CaseRow, ?> c : table.getColumns()) {
            TableColumn<CaseRow, CaseRow> column = (TableColumn<CaseRow, CaseRow>) c;
            switch (c.getId()) {
                case "scanColumn" -> TableColumns.text(column, CaseRow::seriesUid,
                        Comparator.comparing(CaseRow::seriesUid));
                case "statusColumn" -> TableColumns.status(column,
                        r -> NoduleStatus.valueOf(r.status().name()));
                case "probabilityColumn" -> TableColumns.number(column, CaseRow::probability,
                        "%.3f");
                case "centreColumn" -> TableColumns.text(column, CaseTable::centre,
                        Comparator.comparingDouble(r -> r.centre() == null
                                ? Double.POSITIVE_INFINITY : r.centre().z()));
                case "diameterColumn" -> TableColumns.number(column, CaseTable::diameter,
                        "%.1f");
                case "sliceColumn" -> TableColumns.number(column, r -> r.centreSlice() < 0 ? Double.NaN
                        : r.centreSlice(), "%.0f");
                default -> throw new IllegalStateException("unknown column " + c.getId());
            }
        }
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                model.selectedProperty().set(row);
            }
        });
        model.selectedProperty().addListener((obs, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        });
    }

    /** The annotated diameter of a TP or FN, the predicted one of an FP. */
    static double diameter(CaseRow r) {
        return Double.isNaN(r.diameterMm()) ? r.predictedDiameterMm() : r.diameterMm();
    }

    static String centre(CaseRow r) {
        return r.centre() == null ? "" : String.format(Locale.ROOT, "(%.1f, %.1f, %.1f)",
                r.centre().x(), r.centre().y(), r.centre().z());
    }
}
