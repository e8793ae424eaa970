package org.nodulescope.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a LUNA16 table: a header line naming the columns, then one row per line. Columns are
 * found by name, so their order may differ from the official files and extra columns are
 * ignored; names and values may carry surrounding spaces.
 */
final class LunaCsvTable {

    /** Receives each data row; the row is a cursor that is reused, so copy what you keep. */
    @FunctionalInterface
    interface RowHandler {
        void accept(LunaCsvRow row) throws DataFileException;
    }

    private LunaCsvTable() {}

    /**
     * Calls {@code handler} for every data row of {@code file}. In the row, column {@code i}
     * means {@code columns.get(i)}, wherever it stands in the file.
     */
    static void forEachRow(Path file, List<String> columns, RowHandler handler)
            throws DataFileException {
        LunaCsvRow row = new LunaCsvRow(file, columns);
        boolean[] headerSeen = {false};
        LunaCsvSource.forEachRecord(file, (record, line) -> {
            if (!headerSeen[0]) {
                headerSeen[0] = true;
                row.setPositions(positions(file, line, record, columns));
            } else {
                row.moveTo(record, line);
                handler.accept(row);
            }
        });
        if (!headerSeen[0]) {
            throw new DataFileException(file, "is empty; expected a header line '"
                    + String.join(",", columns) + "' followed by one row per line.");
        }
    }

    private static int[] positions(Path file, long line, CSVRecord header, List<String> columns)
            throws DataFileException {
        List<String> found = new ArrayList<>(header.size());
        for (String name : header) {
            found.add(name.strip());
        }
        int[] positions = new int[columns.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String wanted = columns.get(i);
            positions[i] = found.indexOf(wanted);
            if (positions[i] < 0) {
                missing.add(wanted);
            } else if (found.lastIndexOf(wanted) != positions[i]) {
                // Two columns of one name: silently picking one could read the wrong numbers.
                throw new DataFileException(file, line, "the header has column " + wanted
                        + " twice; keep one.");
            }
        }
        if (!missing.isEmpty()) {
            throw new DataFileException(file, line, "the header lacks column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + "; columns found: " + String.join(", ", found)
                    + "; this table needs " + String.join(", ", columns) + ".");
        }
        return positions;
    }
}
