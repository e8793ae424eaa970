package org.nodulescope.detect;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.CaseTable;
import org.nodulescope.eval.ConfidenceInterval;
import org.nodulescope.eval.FrocBandPoint;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.DataFileException;

/**
 * An evaluation folder read back ({@link EvaluationReport} wrote it): the CPM and its interval,
 * the sensitivities, the paper's metrics, the FROC curve with its band, every case, and the
 * inputs it was made from.
 *
 * @param folder the evaluation folder
 * @param cpm the competition performance metric
 * @param cpmCi its 95% interval, or null without bootstrap
 * @param sensitivities sensitivity at each false-positive rate ("0.125" to "8")
 * @param paper the paper's protocol, or null when the evaluation had no detections
 * @param band the FROC curve on the plot's grid of rates with its interval; from
 *     {@code froc.csv} without an interval when {@code froc_band.csv} is missing
 * @param bandKnown whether {@code band} carries a bootstrap interval
 * @param cases every TP, FP and FN (empty without detections)
 * @param warnings the evaluation's warnings
 * @param inputs the files it evaluated, by role (submission, annotations, detections, ...)
 */
public record EvaluationSummary(Path folder, double cpm, ConfidenceInterval cpmCi,
        Map<String, Double> sensitivities, ValidationMetrics paper, List<FrocBandPoint> band,
        boolean bandKnown, List<CaseRow> cases, List<String> warnings,
        Map<String, String> inputs) {

    public EvaluationSummary {
        sensitivities = Map.copyOf(sensitivities);
        band = List.copyOf(band);
        cases = List.copyOf(cases);
        warnings = List.copyOf(warnings);
        inputs = Map.copyOf(inputs);
    }

    /**
     * @param folder a folder written by {@code nodulescope evaluate} or the research view
     * @return what it holds
     * @throws DataFileException naming the file that is missing or damaged
     */
    public static EvaluationSummary read(Path folder) throws IOException {
        Path metrics = folder.resolve(EvaluationReport.METRICS);
        if (!Files.isRegularFile(metrics)) {
            throw new DataFileException(folder, "is not an evaluation folder (looked for "
                    + EvaluationReport.METRICS + " in it); choose the folder that nodulescope"
                    + " evaluate --out wrote");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(metrics.toFile());
        } catch (JacksonException e) {
            throw new DataFileException(metrics, "is not readable JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.path("cpm").isNumber()) {
            throw new DataFileException(metrics, "lacks the number \"cpm\"; it is not the"
                    + " metrics of nodulescope evaluate");
        }
        Map<String, Double> sensitivities = new LinkedHashMap<>();
        root.path("sensitivities").properties().forEach(e ->
                sensitivities.put(e.getKey(), e.getValue().asDouble()));
        ValidationMetrics paper = null;
        if (root.has("precision")) {
            paper = new ValidationMetrics(root.path("tp").asInt(), root.path("fp").asInt(),
                    root.path("fn").asInt(), root.path("precision").asDouble(),
                    root.path("recall").asDouble(), root.path("f1").asDouble(),
                    orNaN(root.path("dice")), orNaN(root.path("iou")),
                    root.path("mask_pairs").asInt());
        }
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        Map<String, String> inputs = new LinkedHashMap<>();
        root.path("inputs").properties().forEach(e -> inputs.put(e.getKey(),
                e.getValue().asText()));
        Path bandFile = folder.resolve(EvaluationReport.FROC_BAND_CSV);
        boolean bandKnown = Files.isRegularFile(bandFile);
        List<FrocBandPoint> band = bandKnown ? readBand(bandFile)
                : readCurve(folder.resolve(EvaluationReport.FROC_CSV));
        Path casesFile = folder.resolve(CaseTable.FILE_NAME);
        List<CaseRow> cases = Files.isRegularFile(casesFile) ? CaseTable.read(casesFile)
                : List.of();
        return new EvaluationSummary(folder, root.path("cpm").asDouble(),
                interval(root.path("cpm_ci95")), sensitivities, paper, band, bandKnown, cases,
                warnings, inputs);
    }

    private static double orNaN(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static ConfidenceInterval interval(JsonNode n) {
        return n.isArray() && n.size() == 2
                ? new ConfidenceInterval(n.get(0).asDouble(), n.get(1).asDouble()) : null;
    }

    private static List<FrocBandPoint> readBand(Path file) throws IOException {
        List<FrocBandPoint> out = new ArrayList<>();
        for (double[] v : numbers(file, 4)) {
            out.add(new FrocBandPoint(v[0], v[1], v[2], v[3]));
        }
        return out;
    }

    /** froc.csv's points (threshold, fp/scan, sensitivity) as a band of zero width. */
    private static List<FrocBandPoint> readCurve(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<FrocBandPoint> out = new ArrayList<>();
        for (double[] v : numbers(file, 3)) {
            out.add(new FrocBandPoint(v[1], v[2], v[2], v[2]));
        }
        return out;
    }

    /** The rows after the header, each as numbers; "inf" is read as infinity. */
    private static List<double[]> numbers(Path file, int columns) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<double[]> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length != columns) {
                throw new DataFileException(file, i + 1, "has " + parts.length + " fields, not "
                        + columns + "; the file is damaged: evaluate again");
            }
            double[] v = new double[columns];
            for (int c = 0; c < columns; c++) {
                try {
                    v[c] = "inf".equals(parts[c]) ? Double.POSITIVE_INFINITY
                            : Double.parseDouble(parts[c]);
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, i + 1, "'" + parts[c] + "' is not a"
                            + " number; the file is damaged: evaluate again");
                }
            }
            out.add(v);
        }
        return out;
    }
}
