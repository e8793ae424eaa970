package org.nodulescope.preprocess.iqa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nodulescope.io.AtomicFiles;

/**
 * Writes an {@link IqaStudy} outcome: {@code iqa_per_scan.csv}, {@code iqa_summary.json} and the
 * PNG plots of the paper's Fig. 7-10 (per-scan PSNR, BRISQUE and entropy, original against CLAHE,
 * and the entropy distribution). Needs {@code java.awt.headless=true} on machines without display.
 */
public final class IqaReport {

    public static final String CSV = "iqa_per_scan.csv";
    public static final String JSON = "iqa_summary.json";

    private IqaReport() {}

    /** Writes every file into {@code out} and returns their paths. */
    public static List<Path> write(IqaStudy.Outcome outcome, IqaStudy.Settings settings, Path out)
            throws IOException {
        Files.createDirectories(out);
        List<IqaStudy.ScanRow> rows = outcome.rows();
        Path csv = out.resolve(CSV);
        writeCsv(rows, csv);
        Path json = out.resolve(JSON);
        writeJson(outcome.summary(), settings, json);
        Path psnr = out.resolve("fig7_psnr_per_scan.png");
        png(psnr, perScan("Per-scan PSNR: original vs CLAHE", "PSNR (dB)", rows,
                new String[] {"PSNR"}, List.of(r -> r.quality().psnrDb())));
        Path entropy = out.resolve("fig9_entropy_per_scan.png");
        png(entropy, perScan("Per-scan entropy: original vs CLAHE", "Entropy (bits)", rows,
                new String[] {"Original", "CLAHE"}, List.of(r -> r.quality().entropyOriginal(),
                        r -> r.quality().entropyClahe())));
        Path distribution = out.resolve("fig10_entropy_distribution.png");
        png(distribution, entropyDistribution(rows));
        if (outcome.summary().brisqueOriginal().isPresent()) {
            Path brisque = out.resolve("fig8_brisque_per_scan.png");
            png(brisque, perScan("Per-scan BRISQUE: original vs CLAHE", "BRISQUE (lower is better)",
                    rows, new String[] {"Original", "CLAHE"},
                    List.of(r -> r.quality().brisqueOriginal(), r -> r.quality().brisqueClahe())));
            return List.of(csv, json, psnr, brisque, entropy, distribution);
        }
        return List.of(csv, json, psnr, entropy, distribution);
    }

    private static void writeCsv(List<IqaStudy.ScanRow> rows, Path file) throws IOException {
        AtomicFiles.write(file, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(
                    "seriesuid", "slices", "psnr_db", "identical_slices", "brisque_original",
                    "brisque_clahe", "entropy_original", "entropy_clahe", "lung_mask").get())) {
                for (IqaStudy.ScanRow r : rows) {
                    ScanQuality.Result q = r.quality();
                    p.printRecord(r.seriesUid(), q.slices(), num(q.psnrDb()), q.identicalSlices(),
                            num(q.brisqueOriginal()), num(q.brisqueClahe()),
                            num(q.entropyOriginal()), num(q.entropyClahe()),
                            r.lungMask());
                }
            }
        });
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static void writeJson(IqaStudy.Summary s, IqaStudy.Settings settings, Path file)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("scans", s.scans());
        root.put("sliceStep", settings.sliceStep());
        root.put("lungMasked", settings.lungMasked());
        root.put("comparison", "CLAHE minus original, paired across scans, two-sided");
        ObjectNode psnr = root.putObject("psnr");
        psnr.put("meanDb", s.psnrMeanDb());
        psnr.put("sdDb", s.psnrSdDb());
        ObjectNode entropy = root.putObject("entropy");
        entropy.put("original", s.entropyOriginal());
        entropy.put("clahe", s.entropyClahe());
        test(entropy, s.entropyTest());
        ObjectNode brisque = root.putObject("brisque");
        brisque.put("note", s.brisqueNote());
        if (s.brisqueOriginal().isPresent()) {
            brisque.put("original", s.brisqueOriginal().get());
            brisque.put("clahe", s.brisqueClahe().get());
            s.brisqueTest().ifPresent(t -> test(brisque, t));
        } else {
            brisque.putNull("original");
            brisque.putNull("clahe");
        }
        byte[] bytes = mapper.writeValueAsBytes(root);
        AtomicFiles.write(file, os -> os.write(bytes));
    }

    private static void test(ObjectNode node, PairedTTest.Result t) {
        if (t == null) {
            node.putNull("t");
            node.putNull("p");
            return;
        }
        node.put("t", t.t());
        node.put("p", t.p());
        node.put("n", t.n());
        node.put("meanDifference", t.meanDifference());
    }

    private static JFreeChart perScan(String title, String yLabel, List<IqaStudy.ScanRow> rows,
            String[] names, List<ToDoubleFunction<IqaStudy.ScanRow>> values) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int k = 0; k < names.length; k++) {
            XYSeries series = new XYSeries(names[k]);
            for (int i = 0; i < rows.size(); i++) {
                double v = values.get(k).applyAsDouble(rows.get(i));
                if (Double.isFinite(v)) {
                    series.add(i + 1, v);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "Scan", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Color[] colours = {new Color(0x1f77b4), new Color(0xd62728)};
        for (int k = 0; k < names.length; k++) {
            r.setSeriesPaint(k, colours[k % colours.length]);
            r.setSeriesStroke(k, new BasicStroke(1.5f));
        }
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setAutoRange(true);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    private static JFreeChart entropyDistribution(List<IqaStudy.ScanRow> rows) {
        HistogramDataset data = new HistogramDataset();
        double[] o = rows.stream().mapToDouble(r -> r.quality().entropyOriginal()).toArray();
        double[] c = rows.stream().mapToDouble(r -> r.quality().entropyClahe()).toArray();
        int bins = Math.max(5, Math.min(30, rows.size()));
        if (o.length > 0) {
            data.addSeries("Original", o, bins);
            data.addSeries("CLAHE", c, bins);
        }
        JFreeChart chart = ChartFactory.createHistogram("Entropy distribution across scans",
                "Entropy (bits)", "Scans", data, PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setForegroundAlpha(0.6f);
        return chart;
    }

    private static void png(Path file, JFreeChart chart) throws IOException {
        AtomicFiles.write(file, os -> ChartUtils.writeChartAsPNG(os, chart, 900, 500));
    }
}
