package org.nodulescope.app.viewer;

import java.util.Comparator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.TableColumns;

/**
 * Fills the nodule table's columns from {@link NoduleRow}s ({@link TableColumns}: each column
 * sorts by the value it shows, the verdict in its status colour) and ties the table's selection
 * and sort order to the {@link NoduleListModel}.
 */
final class NoduleTable {

    private NoduleTable() {}

    @SuppressWarnings("unchecked")
    static void bind(TableView<NoduleRow> table, NoduleListModel model) {
        table.setItems(model.shown());
        model.shown().comparatorProperty().bind(table.comparatorProperty());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (TableColumn<NoduleRow, ?> c : table.getColumns()) {
            TableColumn<NoduleRow, NoduleRow> column = (TableColumn<NoduleRow, NoduleRow>) c;
            switch (c.getId()) {
                case "idColumn" -> TableColumns.text(column, r -> Integer.toString(r.id()),
                        Comparator.comparingInt(NoduleRow::id));
                case "statusColumn" -> TableColumns.status(column, NoduleRow::status);
                case "probabilityColumn" -> TableColumns.number(column,
                        r -> r.probability().orElse(Double.NaN), "%.2f");
                case "centreColumn" -> TableColumns.text(column, NoduleRow::centreText,
                        Comparator.comparingDouble(r -> r.centre().z()));
                case "slicesColumn" -> TableColumns.text(column, NoduleRow::slicesText,
                        Comparator.comparingInt(NoduleRow::firstSlice)
                                .thenComparingInt(NoduleRow::lastSlice));
                case "longAxisColumn" -> TableColumns.number(column,
                        r -> r.longAxisMm().orElse(Double.NaN), "%.1f");
                case "volumeColumn" -> TableColumns.number(column,
                        r -> r.volumeMm3().orElse(Double.NaN), "%.0f");
                case "typeColumn" -> TableColumns.text(column, NoduleRow::type,
                        Comparator.comparing(NoduleRow::type));
                default -> throw new IllegalStateException("unknown column " + c.getId());
            }
        }
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) ->
                model.selectedProperty().set(row));
        model.selectedProperty().addListener((obs, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        });
    }
}
