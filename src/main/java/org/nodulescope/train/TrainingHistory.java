package org.nodulescope.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nodulescope.eval.ValidationMetrics;
import org.nodulescope.io.AtomicFiles;

/**
 * The run's per-epoch record on disk, rewritten after every epoch: {@value #CSV} and
 * {@value #JSON} (each named loss, the validation metrics, phase, learning rate, times), and
 * two plots in the manner of the paper's figures: {@value #LOSS_PLOT} (training losses by epoch
 * with the phase boundaries, Fig. 12) and {@value #METRICS_PLOT} (validation precision, recall,
 * F1, Dice and IoU by epoch, Fig. 13).
 */
public final class TrainingHistory {

    public static final String CSV = "history.csv";
    public static final String JSON = "history.json";
    public static final String LOSS_PLOT = "losses.png";
    public static final String METRICS_PLOT = "metrics.png";

    /** Loss columns in torchvision's order, then ours, then the weighted sum. */
    private static final List<String> LOSS_ORDER = List.of("loss_objectness", "loss_rpn_box_reg",
            "loss_classifier", "loss_box_reg", "loss_mask", "loss_aux", "total");

    private final Path out;
    private final PhaseSchedule schedule;

    /**
     * @param out the run folder
     * @param schedule its schedule, for the phase boundaries in the plots
     */
    public TrainingHistory(Path out, PhaseSchedule schedule) {
        this.out = out;
        this.schedule = schedule;
    }

    /**
     * Rewrites every file from the whole history.
     *
     * @param history the epochs so far
     * @throws IOException when a file cannot be written
     */
    public void write(List<EpochRecord> history) throws IOException {
        List<String> losses = lossNames(history);
        writeCsv(history, losses);
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(history);
        AtomicFiles.write(out.resolve(JSON), o -> o.write(json));
        png(out.resolve(LOSS_PLOT), lossChart(history, losses));
        png(out.resolve(METRICS_PLOT), metricsChart(history));
    }

    static List<String> lossNames(List<EpochRecord> history) {
        Set<String> present = new LinkedHashSet<>();
        history.forEach(r -> present.addAll(r.losses().keySet()));
        List<String> names = new ArrayList<>();
        for (String n : LOSS_ORDER) {
            if (present.remove(n)) {
                names.add(n);
            }
        }
        names.addAll(present);
        return names;
    }

    private void writeCsv(List<EpochRecord> history, List<String> losses) throws IOException {
        List<String> header = new ArrayList<>(List.of("epoch", "phase", "learning_rate"));
        header.addAll(losses);
        header.addAll(List.of("precision", "recall", "f1", "dice", "iou", "tp", "fp", "fn",
                "fp_on_excluded",
                "steps", "train_seconds", "data_wait_seconds", "validation_seconds",
                "mining_seconds"));
        AtomicFiles.write(out.resolve(CSV), os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                    .setHeader(header.toArray(String[]::new)).get())) {
                for (EpochRecord r : history) {
                    List<Object> row = new ArrayList<>(List.of(r.epoch(), r.phase(),
                            r.learningRate()));
                    for (String n : losses) {
                        Double v = r.losses().get(n);
                        row.add(v == null ? "" : format(v));
                    }
                    ValidationMetrics m = r.metrics();
                    if (m == null) {
                        row.addAll(List.of("", "", "", "", "", "", "", "", ""));
                    } else {
                        row.addAll(List.of(format(m.precision()), format(m.recall()),
                                format(m.f1()), format(m.dice()), format(m.iou()), m.tp(),
                                m.fp(), m.fn(), r.excludedFalsePositives()));
                    }
                    row.addAll(List.of(r.steps(), format(r.trainSeconds()),
                            format(r.dataWaitSeconds()), format(r.validationSeconds()),
                            format(r.miningSeconds())));
                    csv.printRecord(row);
                }
            }
        });
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private JFreeChart lossChart(List<EpochRecord> history, List<String> losses) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String n : losses) {
            XYSeries series = new XYSeries(n);
            for (EpochRecord r : history) {
                Double v = r.losses().get(n);
                if (v != null && Double.isFinite(v) && v > 0) {
                    series.add(r.epoch(), v);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = chart("Training losses by epoch (phase boundaries dashed)",
                "Mean loss (log scale)", data);
        // the losses span three decades (the frozen mask head's before phase 2): a log axis
        // keeps the small ones readable
        LogAxis axis = new LogAxis("Mean loss (log scale)");
        axis.setSmallestValue(1e-4);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        chart.getXYPlot().setRangeAxis(axis);
        return chart;
    }

    private JFreeChart metricsChart(List<EpochRecord> history) {
        XYSeriesCollection data = new XYSeriesCollection();
        String[] names = {"Precision", "Recall", "F1", "Dice", "IoU"};
        for (int k = 0; k < names.length; k++) {
            XYSeries series = new XYSeries(names[k]);
            for (EpochRecord r : history) {
                ValidationMetrics m = r.metrics();
                if (m == null) {
                    continue;
                }
                double v = switch (k) {
                    case 0 -> m.precision();
                    case 1 -> m.recall();
                    case 2 -> m.f1();
                    case 3 -> m.dice();
                    default -> m.iou();
                };
                if (Double.isFinite(v)) {
                    series.add(r.epoch(), v);
                }
            }
            data.addSeries(series);
        }
        JFreeChart chart = chart("Validation metrics by epoch (nodule level)", "Value", data);
        chart.getXYPlot().getRangeAxis().setRange(0, 1);
        return chart;
    }

    private JFreeChart chart(String title, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, "Epoch", yLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        for (int boundary : schedule.boundaries()) {
            ValueMarker marker = new ValueMarker(boundary - 0.5, Color.DARK_GRAY,
                    new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {6f, 4f}, 0f));
            marker.setLabel(schedule.phaseOf(boundary).label());
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        }
        return chart;
    }

    private static void png(Path file, JFreeChart chart) throws IOException {
        AtomicFiles.write(file, os -> ChartUtils.writeChartAsPNG(os, chart, 900, 500));
    }
}
