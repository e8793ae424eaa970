package org.nodulescope.io;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * The current data row of a {@link LunaCsvTable}, with getters that check the text and, when it
 * is wrong, produce an error naming the file, the line, the column and the bad text.
 */
final class LunaCsvRow {

    private static final int MAX_QUOTED_TEXT = 80;

    private final Path file;
    private final List<String> columns;
    /** A candidates file repeats each of its few hundred uids a thousand times: share them. */
    private final Map<String, String> uids = new HashMap<>();
    private int[] positions;
    private CSVRecord record;
    private long line;

    LunaCsvRow(Path file, List<String> columns) {
        this.file = file;
        this.columns = columns;
    }

    void setPositions(int[] positions) {
        this.positions = positions;
    }

    /** Checks up front that the row reaches every required column, whichever ones get read. */
    void moveTo(CSVRecord record, long line) throws DataFileException {
        this.record = record;
        this.line = line;
        for (int column = 0; column < positions.length; column++) {
            if (positions[column] >= record.size()) {
                throw new DataFileException(file, line, "the row has " + record.size()
                        + (record.size() == 1 ? " field" : " fields")
                        + ", too few to reach column " + columns.get(column) + " (field "
                        + (positions[column] + 1) + " in the header); fix or remove that row.");
            }
        }
    }

    long line() {
        return line;
    }

    /** The stripped text of column {@code column}. */
    String text(int column) {
        return record.get(positions[column]).strip();
    }

    String seriesUid(int column) throws DataFileException {
        String uid = text(column);
        if (uid.isEmpty()) {
            throw problem(column, uid, "");
        }
        return uids.computeIfAbsent(uid, u -> u);
    }

    /** A finite number; Java-only spellings such as hex, "1d" or "Infinity" are refused. */
    double number(int column) throws DataFileException {
        String text = text(column);
        if (!looksDecimal(text)) {
            throw problem(column, text, "not a number");
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw problem(column, text, "not a number");
        }
        if (!Double.isFinite(value)) {
            throw problem(column, text, "not a finite number");
        }
        return value;
    }

    /**
     * An error about column {@code column} whose text is {@code text}; {@code complaint} says
     * what is wrong with it ("not a number").
     */
    DataFileException problem(int column, String text, String complaint) {
        String name = columns.get(column);
        String what = text.isEmpty()
                ? name + " is empty"
                : name + " is '" + shortened(text) + "', " + complaint;
        return new DataFileException(file, line, what + "; fix or remove that row.");
    }

    private static boolean looksDecimal(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+'
                    || c == 'e' || c == 'E';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static String shortened(String text) {
        return text.length() <= MAX_QUOTED_TEXT ? text : text.substring(0, MAX_QUOTED_TEXT) + "...";
    }
}
