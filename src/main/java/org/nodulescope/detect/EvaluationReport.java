package org.nodulescope.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.CaseTable;
import org.nodulescope.eval.ConfidenceInterval;
import org.nodulescope.eval.FrocBandPoint;
import org.nodulescope.eval.FrocOptions;
import org.nodulescope.eval.FrocPlot;
import org.nodulescope.eval.FrocPoint;
import org.nodulescope.eval.FrocResult;
import org.nodulescope.eval.OperatingPoint;
import org.nodulescope.eval.PaperProtocol;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.AtomicFiles;

/**
 * The files of {@code nodulescope evaluate} and of the viewer's research view:
 * {@code metrics.json}, {@code froc.csv} (the curve's points), {@code froc_band.csv} (the curve
 * and its bootstrap band on the plot's grid of rates), {@code froc.png}, and with detections
 * {@code cases.csv}.
 *
 * <p>{@code metrics.json} keys: {@code cpm}, {@code cpm_ci95} ([low, high], null without
 * bootstrap), {@code sensitivities} (false-positive rate as text, "0.125" to "8", to
 * sensitivity), {@code sensitivities_ci95}, {@code scans}, {@code nodules}, {@code marks},
 * {@code hits}, {@code false_positives}, {@code marks_beyond_limit}, {@code note} (why the CPM is
 * 0, or null), {@code bootstrap}; with detections also {@code tp}, {@code fp}, {@code fn},
 * {@code precision}, {@code recall}, {@code f1}, {@code dice}, {@code iou} (null without mask
 * pairs), {@code mask_pairs} and {@code paper_protocol} (its thresholds); then
 * {@code warnings} and {@code inputs}.
 */
public final class EvaluationReport {

    public static final String METRICS = "metrics.json";
    public static final String FROC_CSV = "froc.csv";
    public static final String FROC_BAND_CSV = "froc_band.csv";
    public static final String FROC_PNG = "froc.png";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Everything one evaluation produced.
     *
     * @param froc the LUNA16 evaluation
     * @param options how it was made
     * @param paper the paper's protocol, or null without detections
     * @param protocol its thresholds
     * @param cases every TP, FP and FN of the paper's protocol
     * @param warnings what the user should know about the inputs
     * @param inputs the files evaluated, by role
     */
    public record Contents(FrocResult froc, FrocOptions options, ValidationMetrics paper,
            PaperProtocol protocol, List<CaseRow> cases, List<String> warnings,
            Map<String, String> inputs) {}

    private EvaluationReport() {}

    /**
     * Writes the files into {@code out} (created if needed).
     *
     * @return the files written
     */
    public static List<Path> write(Path out, Contents c, String plotTitle) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        Path metrics = out.resolve(METRICS);
        AtomicFiles.write(metrics, o -> JSON.writeValue(o, metrics(c)));
        files.add(metrics);
        Path csv = out.resolve(FROC_CSV);
        AtomicFiles.writeString(csv, frocCsv(c.froc()));
        files.add(csv);
        Path band = out.resolve(FROC_BAND_CSV);
        AtomicFiles.writeString(band, bandCsv(c.froc()));
        files.add(band);
        Path png = out.resolve(FROC_PNG);
        FrocPlot.write(png, c.froc(), plotTitle, 900, 560);
        files.add(png);
        if (c.paper() != null) {
            Path cases = out.resolve(CaseTable.FILE_NAME);
            CaseTable.write(cases, c.cases());
            files.add(cases);
        }
        return files;
    }

    /** "0.125", "0.25", ..., "1", "2": the rate as the shortest decimal. */
    public static String rateKey(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private static ObjectNode metrics(Contents c) {
        FrocResult f = c.froc();
        ObjectNode root = JSON.createObjectNode();
        root.put("cpm", f.cpm());
        root.set("cpm_ci95", interval(f.cpmCi()));
        ObjectNode sensitivities = root.putObject("sensitivities");
        ObjectNode intervals = JSON.createObjectNode();
        for (OperatingPoint p : f.operatingPoints()) {
            sensitivities.put(rateKey(p.fpRate()), p.sensitivity());
            intervals.set(rateKey(p.fpRate()), interval(p.ci()));
        }
        root.set("sensitivities_ci95", intervals);
        root.put("scans", f.scans());
        root.put("nodules", f.nodules());
        root.put("marks", f.marks());
        root.put("hits", f.hits());
        root.put("false_positives", f.falsePositives());
        root.put("marks_beyond_limit", f.marksBeyondLimit());
        root.put("note", f.note());
        ObjectNode bootstrap = root.putObject("bootstrap");
        bootstrap.put("samples", c.options().bootstrapSamples());
        bootstrap.put("seed", c.options().seed());
        bootstrap.put("confidence", c.options().confidence());
        if (c.paper() != null) {
            ValidationMetrics m = c.paper();
            root.put("tp", m.tp());
            root.put("fp", m.fp());
            root.put("fn", m.fn());
            root.put("precision", m.precision());
            root.put("recall", m.recall());
            root.put("f1", m.f1());
            putOrNull(root, "dice", m.dice());
            putOrNull(root, "iou", m.iou());
            root.put("mask_pairs", m.maskPairs());
            ObjectNode p = root.putObject("paper_protocol");
            p.put("score_percentile", c.protocol().threshold().percentile());
            p.put("slice_window", c.protocol().merger().sliceWindow());
            p.put("min_overlap", c.protocol().merger().minOverlap());
            p.put("slice_tolerance", c.protocol().matcher().sliceTolerance());
            p.put("box_iou_above", c.protocol().matcher().minIou());
            p.put("min_mask_iou", c.protocol().maskMatcher().minIou());
        }
        ArrayNode warnings = root.putArray("warnings");
        c.warnings().forEach(warnings::add);
        ObjectNode inputs = root.putObject("inputs");
        c.inputs().forEach(inputs::put);
        return root;
    }

    private static void putOrNull(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static ArrayNode interval(ConfidenceInterval ci) {
        if (ci == null) {
            return null;
        }
        ArrayNode a = JSON.createArrayNode();
        a.add(ci.low());
        a.add(ci.high());
        return a;
    }

    private static String frocCsv(FrocResult f) {
        StringBuilder b = new StringBuilder("threshold,fp_per_scan,sensitivity\n");
        for (FrocPoint p : f.curve().points()) {
            b.append(Double.isInfinite(p.threshold()) ? "inf" : Double.toString(p.threshold()))
                    .append(',').append(p.fpPerScan()).append(',').append(p.sensitivity())
                    .append('\n');
        }
        return b.toString();
    }

    private static String bandCsv(FrocResult f) {
        StringBuilder b = new StringBuilder("fp_per_scan,sensitivity,low,high\n");
        for (FrocBandPoint p : f.band()) {
            b.append(p.fpRate()).append(',').append(p.sensitivity()).append(',')
                    .append(p.low()).append(',').append(p.high()).append('\n');
        }
        return b.toString();
    }
}
