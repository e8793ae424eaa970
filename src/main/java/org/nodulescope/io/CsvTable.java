package org.nodulescope.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A table of the program's own (a finding list, a report) written as CSV, atomically. */
public final class CsvTable {

    private CsvTable() {}

    /**
     * @param target the file; an earlier one stays whole until the new one is complete
     * @param header the column names
     * @param rows the rows, each in header order
     * @throws IOException when it cannot be written
     */
    public static void write(Path target, List<String> header, List<? extends List<?>> rows)
            throws IOException {
        AtomicFiles.write(target, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader(header.toArray(String[]::new)).get())) {
                for (List<?> r : rows) {
                    csv.printRecord(r);
                }
            }
        });
    }
}
