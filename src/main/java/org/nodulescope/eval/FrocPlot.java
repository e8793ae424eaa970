package org.nodulescope.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.nodulescope.io.AtomicFiles;

/**
 * The FROC curve as a PNG, the way LUNA16 papers draw it: false positives per scan on a
 * logarithmic axis from 1/8 to 8, sensitivity from 0 to 1, the bootstrap band shaded, and the
 * seven operating points of the CPM marked with their sensitivity. Draws with AWT, so it needs a
 * display or {@code java.awt.headless=true}.
 */
public final class FrocPlot {

    private static final double MIN_RATE = 0.125;
    private static final double MAX_RATE = 8;
    private static final Color CURVE = new Color(0x1f, 0x77, 0xb4);

    private FrocPlot() {}

    /** Writes the plot of {@code result} to {@code file} (atomically), {@code width x height}. */
    public static void write(Path file, FrocResult result, String title, int width, int height)
            throws IOException {
        JFreeChart chart = chart(result, title);
        AtomicFiles.write(file, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }

    /** The chart, for callers that draw it elsewhere. */
    public static JFreeChart chart(FrocResult result, String title) {
        LogAxis x = new LogAxis("Average number of false positives per scan");
        x.setBase(2);
        // a little room beyond 1/8 and 8, so that the end points and their labels show whole
        x.setRange(MIN_RATE / 1.15, MAX_RATE * 1.15);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(new DecimalFormat("0.###"));
        x.setSmallestValue(MIN_RATE / 2);
        NumberAxis y = new NumberAxis("Sensitivity");
        y.setRange(0, 1.0001);
        y.setTickUnit(new NumberTickUnit(0.1));

        XYPlot plot = new XYPlot();
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        XYLineAndShapeRenderer pointsRenderer = new XYLineAndShapeRenderer(false, true);
        pointsRenderer.setSeriesPaint(0, Color.BLACK);
        pointsRenderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        pointsRenderer.setDefaultItemLabelGenerator(sensitivityLabels());
        pointsRenderer.setDefaultItemLabelsVisible(true);
        pointsRenderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        plot.setDataset(0, operatingPoints(result));
        plot.setRenderer(0, pointsRenderer);

        XYLineAndShapeRenderer curveRenderer = new XYLineAndShapeRenderer(true, false);
        curveRenderer.setSeriesPaint(0, CURVE);
        curveRenderer.setSeriesStroke(0, new BasicStroke(2f));
        plot.setDataset(1, curve(result));
        plot.setRenderer(1, curveRenderer);

        if (result.cpmCi() != null) {
            DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
            bandRenderer.setSeriesPaint(0, new Color(CURVE.getRed(), CURVE.getGreen(),
                    CURVE.getBlue(), 90));
            bandRenderer.setSeriesFillPaint(0, new Color(CURVE.getRed(), CURVE.getGreen(),
                    CURVE.getBlue(), 60));
            bandRenderer.setSeriesStroke(0, new BasicStroke(0.5f));
            bandRenderer.setAlpha(0.35f);
            plot.setDataset(2, band(result));
            plot.setRenderer(2, bandRenderer);
        }

        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle(result)));
        return chart;
    }

    private static String subtitle(FrocResult r) {
        String cpm = String.format(Locale.ROOT, "CPM %.3f", r.cpm());
        if (r.cpmCi() != null) {
            cpm += String.format(Locale.ROOT, " (bootstrap CI %.3f-%.3f)", r.cpmCi().low(),
                    r.cpmCi().high());
        }
        cpm += String.format(Locale.ROOT, ", %d nodules in %d scans", r.nodules(), r.scans());
        return r.note() == null ? cpm : cpm + " - " + r.note();
    }

    /** The curve's points inside the axis range, starting and ending on its edges. */
    private static XYSeriesCollection curve(FrocResult r) {
        XYSeries s = new XYSeries("FROC", false, true);
        s.add(MIN_RATE, r.curve().sensitivityAt(MIN_RATE));
        for (FrocPoint p : r.curve().points()) {
            if (p.fpPerScan() > MIN_RATE && p.fpPerScan() < MAX_RATE) {
                s.add(p.fpPerScan(), p.sensitivity());
            }
        }
        s.add(MAX_RATE, r.curve().sensitivityAt(MAX_RATE));
        return new XYSeriesCollection(s);
    }

    private static XYSeriesCollection operatingPoints(FrocResult r) {
        XYSeries s = new XYSeries("CPM operating points", false, true);
        for (OperatingPoint p : r.operatingPoints()) {
            s.add(p.fpRate(), p.sensitivity());
        }
        return new XYSeriesCollection(s);
    }

    private static YIntervalSeriesCollection band(FrocResult r) {
        YIntervalSeries s = new YIntervalSeries("bootstrap interval");
        for (FrocBandPoint p : r.band()) {
            s.add(p.fpRate(), p.sensitivity(), p.low(), p.high());
        }
        YIntervalSeriesCollection c = new YIntervalSeriesCollection();
        c.addSeries(s);
        return c;
    }

    private static XYItemLabelGenerator sensitivityLabels() {
        return (dataset, series, item) -> String.format(Locale.ROOT, "%.2f",
                dataset.getYValue(series, item));
    }
}
