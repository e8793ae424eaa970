package org.nodulescope.app.viewer;

import java.util.Comparator;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.nodulescope.app.nodules.NoduleRow;
import org.nodulescope.app.nodules.NoduleStatus;

/**
 * Fills the nodule table's columns from {@link NoduleRow}s: each column sorts by the value it
 * shows (numbers as numbers, empty values last), the verdict is written in its status colour,
 * and the table's selection and sort order are tied to the {@link NoduleListModel}.
 */
final class NoduleTable {

    private NoduleTable() {}

    @SuppressWarnings("unchecked")
    static void bind(TableView<NoduleRow> table, NoduleListModel model) {
        table.setItems(model.shown());
        model.shown().comparatorProperty().bind(table.comparatorProperty());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (TableColumn<NoduleRow, ?> c : table.getColumns()) {
            switch (c.getId()) {
                case "idColumn" -> text((TableColumn<NoduleRow, NoduleRow>) c,
                        r -> Integer.toString(r.id()), Comparator.comparingInt(NoduleRow::id));
                case "statusColumn" -> status((TableColumn<NoduleRow, NoduleRow>) c);
                case "probabilityColumn" -> number((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::probability, "%.2f");
                case "centreColumn" -> text((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::centreText, Comparator.comparingDouble(r -> r.centre().z()));
                case "slicesColumn" -> text((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::slicesText, Comparator.comparingInt(NoduleRow::firstSlice)
                                .thenComparingInt(NoduleRow::lastSlice));
                case "longAxisColumn" -> number((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::longAxisMm, "%.1f");
                case "volumeColumn" -> number((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::volumeMm3, "%.0f");
                case "typeColumn" -> text((TableColumn<NoduleRow, NoduleRow>) c,
                        NoduleRow::type, Comparator.comparing(NoduleRow::type));
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

    private static void text(TableColumn<NoduleRow, NoduleRow> c, Function<NoduleRow, String> f,
            Comparator<NoduleRow> order) {
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setComparator(order);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(NoduleRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : f.apply(row));
            }
        });
    }

    private static void number(TableColumn<NoduleRow, NoduleRow> c,
            Function<NoduleRow, OptionalDouble> f, String format) {
        // empty values (a missed nodule has no probability) sort after every number
        Comparator<NoduleRow> order = Comparator.comparingDouble(
                r -> f.apply(r).orElse(Double.POSITIVE_INFINITY));
        text(c, r -> f.apply(r).isPresent()
                ? String.format(Locale.ROOT, format, f.apply(r).getAsDouble()) : "", order);
        c.getStyleClass().add("number-column");
    }

    private static void status(TableColumn<NoduleRow, NoduleRow> c) {
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setComparator(Comparator.comparing(NoduleRow::status));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(NoduleRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                NoduleStatus s = row.status();
                setText(s.label());
                // the same colour as the label chip on the image
                setStyle(s == NoduleStatus.UNSCORED ? ""
                        : "-fx-text-fill: " + s.colour() + "; -fx-font-weight: bold;");
            }
        });
    }
}
