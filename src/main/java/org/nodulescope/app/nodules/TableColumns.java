package org.nodulescope.app.nodules;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/**
 * The three kinds of column the nodule tables of the viewer and of the research view show, each
 * cell holding its whole row: text that sorts by a comparator of the row, numbers that sort as
 * numbers with empty values last, and the TP/FP/FN verdict in its status colour.
 */
public final class TableColumns {

    private TableColumns() {}

    /**
     * @param column the column
     * @param text what a row shows
     * @param order how rows sort by this column
     * @param <R> the row type
     */
    public static <R> void text(TableColumn<R, R> column, Function<R, String> text,
            Comparator<R> order) {
        column.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        column.setComparator(order);
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(R row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : text.apply(row));
            }
        });
    }

    /**
     * @param column the column
     * @param value a row's number, NaN when it has none (a missed nodule's probability): shown
     *     empty and sorted after every number
     * @param format how a number is written, e.g. "%.1f"
     * @param <R> the row type
     */
    public static <R> void number(TableColumn<R, R> column, ToDoubleFunction<R> value,
            String format) {
        Comparator<R> order = Comparator.comparingDouble(r -> {
            double v = value.applyAsDouble(r);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        });
        text(column, r -> {
            double v = value.applyAsDouble(r);
            return Double.isNaN(v) ? "" : String.format(Locale.ROOT, format, v);
        }, order);
        column.getStyleClass().add("number-column");
    }

    /**
     * @param column the column
     * @param status a row's verdict, written in its colour (unscored rows in the plain text colour)
     * @param <R> the row type
     */
    public static <R> void status(TableColumn<R, R> column, Function<R, NoduleStatus> status) {
        column.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        column.setComparator(Comparator.comparing(status));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(R row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                NoduleStatus s = status.apply(row);
                setText(s.label());
                // the same colour as the label chip on the image
                setStyle(s == NoduleStatus.UNSCORED ? ""
                        : "-fx-text-fill: " + s.colour() + "; -fx-font-weight: bold;");
            }
        });
    }
}
