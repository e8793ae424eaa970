package org.nodulescope.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of a CSV file together with the physical line each starts on, so that
 * every error can send the user to the right line. Blank lines (and rows of empty fields, which
 * spreadsheets leave at the end) are skipped; the file text is never held in memory.
 */
final class LunaCsvSource {

    /** Receives one non-blank record and the 1-based line it starts on. */
    @FunctionalInterface
    interface RecordHandler {
        void accept(CSVRecord record, long line) throws DataFileException;
    }

    static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setIgnoreEmptyLines(true)
            .setRecordSeparator('\n')
            .get();

    private LunaCsvSource() {}

    static void forEachRecord(Path file, RecordHandler handler) throws DataFileException {
        try (BufferedReader reader = InputFile.openText(file);
                CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw notCsv(file, parser.getCurrentLineNumber(), e.getCause());
                }
                if (!isBlank(record)) {
                    handler.accept(record, startLine(record, parser.getCurrentLineNumber()));
                }
            }
        } catch (IOException e) {
            if (e instanceof DataFileException d) {
                throw d;
            }
            throw InputFile.unreadable(file, e);
        }
    }

    /**
     * The parser counts line breaks up to the end of the record (CRLF once, lone CR or LF once);
     * a quoted value may span lines, so step back over the breaks inside the values.
     */
    private static long startLine(CSVRecord record, long endLine) {
        long breaks = 0;
        for (int i = 0; i < record.size(); i++) {
            String value = record.get(i);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                breaks += lineBreaks(value);
            }
        }
        return endLine - breaks;
    }

    private static long lineBreaks(String text) {
        long count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                count++;
            }
        }
        return count;
    }

    private static boolean isBlank(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static DataFileException notCsv(Path file, long line, IOException cause) {
        if (cause instanceof CharacterCodingException) {
            return new DataFileException(file, line,
                    "is not UTF-8 text here; save the file as UTF-8 and try again.");
        }
        // The parser only fails on quoting (e.g. a quote that is never closed).
        return new DataFileException(file, line,
                "cannot be read as CSV here (" + cause.getMessage()
                        + "); check the quotes on this row and the ones before it.");
    }
}
