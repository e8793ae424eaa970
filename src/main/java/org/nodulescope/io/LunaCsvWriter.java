package org.nodulescope.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a LUNA16-style table atomically: a row the writer refuses part-way through leaves any
 * earlier file of that name as it was.
 */
final class LunaCsvWriter {

    /** The fields of one row, in header order. */
    @FunctionalInterface
    interface RowFields<T> {
        Object[] of(T row);
    }

    private LunaCsvWriter() {}

    /**
     * @param header the column names, or an empty list for a file without a header line
     * @throws IllegalArgumentException naming the row, when {@code fields} refuses one
     */
    static <T> void write(Path target, List<String> header, Iterable<? extends T> rows,
            RowFields<? super T> fields) throws IOException {
        AtomicFiles.write(target, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            CSVPrinter printer = new CSVPrinter(text, LunaCsvSource.FORMAT);
            if (!header.isEmpty()) {
                printer.printRecord(header);
            }
            long index = 0;
            for (T row : rows) {
                Object[] values;
                try {
                    values = fields.of(row);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("Cannot write " + target.getFileName()
                            + ": row " + index + " (0-based) is refused: " + e.getMessage(), e);
                }
                printer.printRecord(values);
                index++;
            }
            // Flush, not close: AtomicFiles owns the stream and closes it before the move.
            printer.flush();
        });
    }

    /**
     * Shortest text that parses back to exactly {@code value}; Python's float() and numpy read
     * it too, so the official evaluation script accepts it.
     */
    static String number(double value) {
        return Double.toString(value);
    }

    /** Refuses uids the readers would reject or change (they strip surrounding spaces). */
    static String seriesUid(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("series uid is empty");
        }
        if (!uid.equals(uid.strip()) || uid.indexOf('\n') >= 0 || uid.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("series uid '" + uid
                    + "' has surrounding spaces or a line break");
        }
        return uid;
    }
}
