package org.nodulescope.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.nodulescope.io.AtomicFiles;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.WorldPoint;

/**
 * {@code cases.csv} of {@code nodulescope evaluate}: every TP, FP and FN of the paper's protocol,
 * one per line, for the viewer's research view. The columns are a contract; new ones may only
 * be added at the end:
 *
 * <pre>
 * seriesuid              the scan
 * status                 TP, FP or FN
 * probability            the prediction's (TP, FP)
 * coordX, coordY, coordZ world mm: the prediction's centre (TP, FP), the annotation's (FN)
 * centre_slice           the prediction's centre slice (TP, FP), the annotation's (FN)
 * first_slice            the prediction's first slice (TP, FP)
 * last_slice             the prediction's last slice (TP, FP)
 * diameter_mm            the annotated diameter (TP, FN)
 * predicted_diameter_mm  the prediction's volume-equivalent diameter (TP, FP)
 * nodule_rank            the prediction's rank in the scan's detections file (TP, FP)
 * annotation_index       the annotation among the scan's rows of annotations.csv, from 0 (TP, FN)
 * box_iou                box IoU of prediction and annotation (TP)
 * </pre>
 *
 * A field that does not apply (or is unknown) is empty. Numbers use a dot and are written so
 * that they read back exactly.
 */
public final class CaseTable {

    /** The file's name in an evaluation folder. */
    public static final String FILE_NAME = "cases.csv";

    public static final List<String> COLUMNS = List.of("seriesuid", "status", "probability",
            "coordX", "coordY", "coordZ", "centre_slice", "first_slice", "last_slice",
            "diameter_mm", "predicted_diameter_mm", "nodule_rank", "annotation_index",
            "box_iou");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setRecordSeparator('\n').get();

    private CaseTable() {}

    /** Writes the rows, atomically. */
    public static void write(Path file, List<CaseRow> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            CSVPrinter printer = new CSVPrinter(text, FORMAT);
            printer.printRecord(COLUMNS);
            for (CaseRow r : rows) {
                WorldPoint c = r.centre();
                printer.printRecord(r.seriesUid(), r.status(), number(r.probability()),
                        c == null ? "" : number(c.x()), c == null ? "" : number(c.y()),
                        c == null ? "" : number(c.z()), index(r.centreSlice()),
                        index(r.firstSlice()), index(r.lastSlice()), number(r.diameterMm()),
                        number(r.predictedDiameterMm()), index(r.noduleRank()),
                        index(r.annotationIndex()), number(r.boxIou()));
            }
            printer.flush();
        });
    }

    /**
     * Reads a table written by {@link #write}; columns are found by name, extra columns are
     * ignored.
     *
     * @throws DataFileException naming the file and line of a missing column or a bad value
     */
    public static List<CaseRow> read(Path file) throws IOException {
        List<CaseRow> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(in)) {
            for (String column : COLUMNS) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new DataFileException(file, 1, "the header lacks column " + column
                            + "; this is not a cases.csv of nodulescope evaluate.");
                }
            }
            for (CSVRecord r : parser) {
                // the parser has read the record's line break: its count is the record's line
                rows.add(row(file, r, parser.getCurrentLineNumber()));
            }
        } catch (UncheckedIOException e) {
            throw new DataFileException(file, "cannot be read as CSV (" + e.getMessage() + ").");
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, 1, "has a header that cannot be used ("
                    + e.getMessage() + ").");
        }
        return rows;
    }

    private static CaseRow row(Path file, CSVRecord r, long line) throws DataFileException {
        if (!r.isConsistent()) {
            throw new DataFileException(file, line, "the row has " + r.size() + " fields, the"
                    + " header " + COLUMNS.size() + " or more; fix or remove that row.");
        }
        MatchStatus status;
        try {
            status = MatchStatus.valueOf(r.get("status").strip());
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, line, "status is '" + r.get("status")
                    + "', not TP, FP or FN; fix or remove that row.");
        }
        String uid = r.get("seriesuid").strip();
        if (uid.isEmpty()) {
            throw new DataFileException(file, line, "seriesuid is empty; fix or remove that"
                    + " row.");
        }
        double x = number(file, line, r, "coordX");
        double y = number(file, line, r, "coordY");
        double z = number(file, line, r, "coordZ");
        WorldPoint centre = Double.isNaN(x) || Double.isNaN(y) || Double.isNaN(z) ? null
                : new WorldPoint(x, y, z);
        return new CaseRow(uid, status, number(file, line, r, "probability"), centre,
                index(file, line, r, "centre_slice"), index(file, line, r, "first_slice"),
                index(file, line, r, "last_slice"), number(file, line, r, "diameter_mm"),
                number(file, line, r, "predicted_diameter_mm"), index(file, line, r, "nodule_rank"),
                index(file, line, r, "annotation_index"), number(file, line, r, "box_iou"));
    }

    private static double number(Path file, long line, CSVRecord r, String column)
            throws DataFileException {
        String text = r.get(column).strip();
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFileException(file, line, column + " is '" + text
                + "', not a number; fix or remove that row.");
    }

    private static int index(Path file, long line, CSVRecord r, String column) throws DataFileException {
        String text = r.get(column).strip();
        if (text.isEmpty()) {
            return -1;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DataFileException(file, line, column + " is '" + text
                + "', not a whole number of at least 0; fix or remove that row.");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String index(int v) {
        return v < 0 ? "" : String.format(Locale.ROOT, "%d", v);
    }
}
