package org.nodulescope.app.research;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;
import org.nodulescope.app.charts.MarkedLineChart;
import org.nodulescope.detect.EvaluationSummary;
import org.nodulescope.eval.FrocBandPoint;

/**
 * The FROC curve of an evaluation as LUNA16 plots it: false positives per scan on a logarithmic
 * axis from 1/8 to 8 (drawn as log2, a grid line at each of the CPM's seven rates), sensitivity
 * from 0 to 1, the bootstrap band shaded.
 */
final class FrocChart {

    private static final double LOW = -3;
    private static final double HIGH = 3;

    private FrocChart() {}

    static MarkedLineChart create() {
        NumberAxis x = new NumberAxis("False positives per scan", LOW, HIGH, 1);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                int e = (int) Math.round(n.doubleValue());
                return e >= 0 ? Integer.toString(1 << e) : "1/" + (1 << -e);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("a read-only axis");
            }
        });
        NumberAxis y = new NumberAxis("Sensitivity", 0, 1, 0.2);
        MarkedLineChart chart = new MarkedLineChart(x, y);
        chart.setId("froc-chart");
        chart.setLegendVisible(false);
        chart.setVerticalZeroLineVisible(false);
        return chart;
    }

    /** Draws the evaluation's curve and band, or clears the chart for null. */
    static void show(MarkedLineChart chart, EvaluationSummary s) {
        chart.getData().clear();
        chart.band().clear();
        chart.markers().clear();
        if (s == null) {
            return;
        }
        XYChart.Series<Number, Number> curve = new XYChart.Series<>();
        curve.setName("FROC");
        List<MarkedLineChart.BandPoint> band = new ArrayList<>();
        for (FrocBandPoint p : s.band()) {
            if (!(p.fpRate() > 0) || Double.isInfinite(p.fpRate())) {
                continue;
            }
            double x = Math.log(p.fpRate()) / Math.log(2);
            if (x < LOW - 1e-9 || x > HIGH + 1e-9) {
                continue;
            }
            curve.getData().add(new XYChart.Data<>(x, p.sensitivity()));
            band.add(new MarkedLineChart.BandPoint(x, p.low(), p.high()));
        }
        chart.getData().add(curve);
        if (s.bandKnown()) {
            chart.band().setAll(band);
        }
    }
}
