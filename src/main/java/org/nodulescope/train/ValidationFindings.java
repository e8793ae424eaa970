package org.nodulescope.train;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.PredictionOutcome;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.eval.TruthNodule;
import org.nodulescope.eval.TruthOutcome;
import org.nodulescope.io.CsvTable;
import org.nodulescope.io.DataFileException;
import org.nodulescope.volume.Box2D;

/**
 * One validation's findings, nodule by nodule, as {@value #FOLDER}/epoch-NNN.csv in the run
 * folder: which nodules a checkpoint finds and misses and what its false positives are, the
 * question a validation's F1 alone does not answer. One row per merged prediction (TP or FP, by
 * the paper's rule) and one per missed nodule (FN), scan by scan. Columns: {@code seriesuid};
 * {@code finding} ({@code prediction} or {@code truth}); {@code status}; {@code probability}
 * (a prediction's); {@code firstSlice,lastSlice,centreSlice}; {@code boxX1,boxY1,boxX2,boxY2}
 * (pixel edges, the prediction's or the missed nodule's); {@code truthId,truthDiameterMm} (the
 * nodule a TP found, or the missed one); {@code excludedFinding}: {@code yes} for a false
 * positive on a finding of {@code annotations_excluded.csv} (a sub-3 mm nodule or a
 * non-nodule), which the paper's protocol counts as false and LUNA16's evaluation ignores.
 */
public final class ValidationFindings {

    /** The folder of the run that holds the tables. */
    public static final String FOLDER = "validation";

    static final List<String> COLUMNS = List.of("seriesuid", "finding", "status",
            "probability", "firstSlice", "lastSlice", "centreSlice", "boxX1", "boxY1", "boxX2",
            "boxY2", "truthId", "truthDiameterMm", "excludedFinding");

    private ValidationFindings() {}

    /** @return where the table of an epoch's validation goes */
    static Path file(Path runFolder, int epoch) {
        return runFolder.resolve(FOLDER).resolve(String.format(Locale.ROOT, "epoch-%03d.csv",
                epoch));
    }

    /**
     * @param validation a validation's scores and excluded findings
     * @return its findings, scan by scan: the merged predictions, then the missed nodules
     */
    static List<ValidationFinding> of(Validator.Validation validation) {
        List<ValidationFinding> findings = new ArrayList<>();
        validation.scans().forEach((uid, score) -> {
            Map<Integer, List<Box2D>> excluded = validation.excluded().getOrDefault(uid,
                    Map.of());
            for (PredictionOutcome p : score.match().predictions()) {
                MergedNodule n = p.prediction();
                boolean found = p.truth() != null;
                findings.add(new ValidationFinding(uid, p.status(), n.probability(),
                        n.firstSlice(), n.lastSlice(), n.centreSlice(), n.box(),
                        found ? p.truth().id() : -1,
                        found ? p.truth().diameterMm() : Double.NaN,
                        !found && onExcludedFinding(n, excluded)));
            }
            for (TruthOutcome t : score.match().truths()) {
                if (t.prediction() == null) {
                    TruthNodule truth = t.truth();
                    findings.add(new ValidationFinding(uid, MatchStatus.FN, Double.NaN,
                            truth.centreSlice(), truth.centreSlice(), truth.centreSlice(),
                            truth.box(), truth.id(), truth.diameterMm(), false));
                }
            }
        });
        return List.copyOf(findings);
    }

    /**
     * @param file the table, written atomically
     * @param findings the validation's findings
     * @throws IOException when it cannot be written
     */
    static void write(Path file, List<ValidationFinding> findings) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (ValidationFinding f : findings) {
            Box2D box = f.box();
            rows.add(Arrays.asList(f.seriesUid(), f.missed() ? "truth" : "prediction",
                    f.status().name(), number(f.probability()),
                    f.missed() ? "" : f.firstSlice(), f.missed() ? "" : f.lastSlice(),
                    f.centreSlice(), number(box.x1()), number(box.y1()), number(box.x2()),
                    number(box.y2()), f.truthId() < 0 ? "" : f.truthId(),
                    number(f.truthDiameterMm()), f.onExcludedFinding() ? "yes" : ""));
        }
        Files.createDirectories(file.getParent());
        CsvTable.write(file, COLUMNS, rows);
    }

    /**
     * Reads the tables of every validated epoch back, for a run that is resumed where its
     * earlier validations are no longer in memory.
     *
     * @param runFolder a run folder
     * @param unreadable told of each table that cannot be read, which is left out (and of a
     *     folder of tables that cannot be listed)
     * @return each validated epoch's findings, by epoch; none when the run has no tables
     */
    public static SortedMap<Integer, List<ValidationFinding>> readAll(Path runFolder,
            Consumer<IOException> unreadable) {
        SortedMap<Integer, List<ValidationFinding>> out = new TreeMap<>();
        Path folder = runFolder.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> tables = Files.newDirectoryStream(folder, "epoch-*.csv")) {
            for (Path table : tables) {
                String name = table.getFileName().toString();
                String digits = name.substring("epoch-".length(), name.length() - ".csv".length());
                if (digits.chars().allMatch(Character::isDigit) && !digits.isEmpty()) {
                    try {
                        out.put(Integer.parseInt(digits), read(table));
                    } catch (IOException e) {
                        unreadable.accept(e);
                    }
                }
            }
        } catch (IOException e) {
            unreadable.accept(e);
        } catch (java.nio.file.DirectoryIteratorException e) {
            unreadable.accept(e.getCause());
        }
        return out;
    }

    /**
     * @param file a table {@link #write} wrote
     * @return its findings, in its order
     * @throws IOException naming the file and line when it is not such a table
     */
    static List<ValidationFinding> read(Path file) throws IOException {
        List<ValidationFinding> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                        .get().parse(in)) {
            if (!csv.getHeaderNames().equals(COLUMNS)) {
                throw new DataFileException(file, "is not a validation findings table (its"
                        + " columns are " + csv.getHeaderNames() + ")");
            }
            for (CSVRecord r : csv) {
                try {
                    MatchStatus status = MatchStatus.valueOf(r.get("status"));
                    int centre = Integer.parseInt(r.get("centreSlice"));
                    boolean missed = status == MatchStatus.FN;
                    out.add(new ValidationFinding(r.get("seriesuid"), status,
                            decimal(r.get("probability")),
                            missed ? centre : Integer.parseInt(r.get("firstSlice")),
                            missed ? centre : Integer.parseInt(r.get("lastSlice")), centre,
                            new Box2D(decimal(r.get("boxX1")), decimal(r.get("boxY1")),
                                    decimal(r.get("boxX2")), decimal(r.get("boxY2"))),
                            r.get("truthId").isEmpty() ? -1 : Integer.parseInt(r.get("truthId")),
                            decimal(r.get("truthDiameterMm")),
                            "yes".equals(r.get("excludedFinding"))));
                } catch (IllegalArgumentException e) {
                    throw new DataFileException(file, r.getRecordNumber() + 1, "is not a row of"
                            + " a validation findings table (" + e.getMessage() + ")");
                }
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new DataFileException(file, "is not a readable CSV table (" + e.getMessage()
                    + ")", e);
        }
        return List.copyOf(out);
    }

    private static double decimal(String text) {
        return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
    }

    /**
     * One line for the console and the dashboard: what the validation found and missed.
     *
     * @param epoch the validated epoch
     * @param findings its findings
     * @param table where its findings table was written
     * @return e.g. "validation after epoch 24: found 12 of 16 nodules, missed 4 (3.4, 4.3, 5.1,
     *     6.6 mm); 6 false positives, 1 on excluded findings; nodule by nodule in ..."
     */
    static String summary(int epoch, List<ValidationFinding> findings, Path table) {
        return "validation after epoch " + epoch + ": " + counts(findings)
                + "; nodule by nodule in " + table;
    }

    /**
     * @param findings a validation's findings
     * @return e.g. "found 12 of 16 nodules, missed 4 (3.4, 4.3, 5.1, 6.6 mm); 6 false
     *     positives, 1 on excluded findings"
     */
    public static String counts(List<ValidationFinding> findings) {
        List<Double> missed = new ArrayList<>();
        int found = 0;
        int falsePositives = 0;
        int excluded = 0;
        for (ValidationFinding f : findings) {
            switch (f.status()) {
                case TP -> found++;
                case FN -> missed.add(f.truthDiameterMm());
                case FP -> {
                    falsePositives++;
                    excluded += f.onExcludedFinding() ? 1 : 0;
                }
            }
        }
        missed.sort(null);
        String sizes = missed.isEmpty() ? "" : " (" + String.join(", ", missed.stream()
                .map(d -> String.format(Locale.ROOT, "%.1f", d)).toList()) + " mm)";
        return String.format(Locale.ROOT, "found %d of %d nodules, missed %d%s; %d false"
                + " positive%s%s", found, found + missed.size(), missed.size(), sizes,
                falsePositives, falsePositives == 1 ? "" : "s",
                excluded == 0 ? "" : ", " + excluded + " on excluded findings");
    }

    /**
     * @param findings a validation's findings
     * @return its false positives that lie on an excluded finding
     */
    static int falsePositivesOnExcludedFindings(List<ValidationFinding> findings) {
        return (int) findings.stream().filter(ValidationFinding::onExcludedFinding).count();
    }

    /**
     * @param n a merged prediction
     * @param excludedBySlice the scan's excluded findings' boxes by sample slice
     * @return whether one of its slice detections overlaps an excluded finding on its slice
     */
    static boolean onExcludedFinding(MergedNodule n, Map<Integer, List<Box2D>> excludedBySlice) {
        for (SliceDetection d : n.members()) {
            for (Box2D b : excludedBySlice.getOrDefault(d.slice(), List.of())) {
                if (b.intersectionArea(d.box()) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
