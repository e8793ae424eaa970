package org.nodulescope.app.nodules;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nodulescope.io.AtomicFiles;

/**
 * The nodule list as a CSV file, one row per list row in id order, world coordinates in the
 * LUNA16 column names so that the file opens beside {@code annotations.csv}. Written atomically.
 * It holds what the viewer shows: the predictions at or above the minimum probability
 * ({@link OperatingPoint}) with their TP/FP verdicts, and the nodules missed at that operating
 * point as FN rows; predictions below it are not in the file.
 */
public final class NoduleCsv {

    public static final List<String> COLUMNS = List.of("seriesuid", "id", "status",
            "probability", "coordX", "coordY", "coordZ", "first_slice", "last_slice",
            "focus_slice", "long_axis_mm", "volume_mm3", "type");

    private NoduleCsv() {}

    public static void write(Path file, String seriesUid, List<NoduleRow> rows)
            throws IOException {
        List<NoduleRow> byId = rows.stream()
                .sorted(java.util.Comparator.comparingInt(NoduleRow::id)).toList();
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader(COLUMNS.toArray(String[]::new)).setRecordSeparator("\n").get());
            for (NoduleRow r : byId) {
                csv.printRecord(seriesUid, r.id(), r.status().label(), number(r.probability(),
                        "%.4f"), fixed(r.centre().x()), fixed(r.centre().y()),
                        fixed(r.centre().z()), r.firstSlice(), r.lastSlice(), r.focusSlice(),
                        number(r.longAxisMm(), "%.2f"), number(r.volumeMm3(), "%.1f"), r.type());
            }
            csv.flush();
        });
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String number(OptionalDouble v, String format) {
        return v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "";
    }
}
