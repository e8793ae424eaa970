package org.nodulescope.app.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/**
 * A line chart that also draws what JavaFX's charts lack: a shaded band between a lower and an
 * upper bound (a confidence interval) and vertical marker lines (phase boundaries). Both are
 * plain lists that may change at any time on the JavaFX thread; the chart redraws.
 */
public final class MarkedLineChart extends LineChart<Number, Number> {

    /**
     * One point of the band.
     *
     * @param x where, in axis units
     * @param low the lower bound there
     * @param high the upper bound there
     */
    public record BandPoint(double x, double low, double high) {}

    private final ObservableList<BandPoint> band = FXCollections.observableArrayList();
    private final ObservableList<Double> markers = FXCollections.observableArrayList();
    private final Polygon bandShape = new Polygon();
    private final List<Line> markerLines = new ArrayList<>();

    public MarkedLineChart(NumberAxis x, NumberAxis y) {
        super(x, y);
        setAnimated(false);
        setCreateSymbols(false);
        bandShape.getStyleClass().add("chart-band");
        bandShape.setStyle("-fx-fill: rgba(30, 110, 220, 0.22); -fx-stroke: transparent;");
        bandShape.setManaged(false);
        getPlotChildren().add(0, bandShape);
        band.addListener((ListChangeListener<BandPoint>) c -> requestChartLayout());
        markers.addListener((ListChangeListener<Double>) c -> requestChartLayout());
    }

    /** @return the band, drawn under the lines; empty for none */
    public ObservableList<BandPoint> band() {
        return band;
    }

    /** @return x values where a dashed vertical line is drawn */
    public ObservableList<Double> markers() {
        return markers;
    }

    /** @return how many marker lines are drawn now (for tests) */
    public int markerLinesDrawn() {
        return (int) markerLines.stream().filter(Line::isVisible).count();
    }

    /** @return the band's outline as drawn: two screen coordinates per point (for tests) */
    public List<Double> bandOutline() {
        return List.copyOf(bandShape.getPoints());
    }

    @Override
    protected void layoutPlotChildren() {
        super.layoutPlotChildren();
        NumberAxis x = (NumberAxis) getXAxis();
        NumberAxis y = (NumberAxis) getYAxis();
        List<Double> outline = new ArrayList<>();
        for (BandPoint p : band) {
            outline.add(x.getDisplayPosition(p.x()));
            outline.add(y.getDisplayPosition(p.high()));
        }
        for (int i = band.size() - 1; i >= 0; i--) {
            BandPoint p = band.get(i);
            outline.add(x.getDisplayPosition(p.x()));
            outline.add(y.getDisplayPosition(p.low()));
        }
        bandShape.getPoints().setAll(outline);
        while (markerLines.size() < markers.size()) {
            Line line = new Line();
            line.getStyleClass().add("chart-marker");
            line.setStyle("-fx-stroke: #777777; -fx-stroke-dash-array: 6 4;");
            line.setManaged(false);
            markerLines.add(line);
            getPlotChildren().add(line);
        }
        double top = y.getDisplayPosition(y.getUpperBound());
        double bottom = y.getDisplayPosition(y.getLowerBound());
        for (int i = 0; i < markerLines.size(); i++) {
            Line line = markerLines.get(i);
            boolean shown = i < markers.size();
            line.setVisible(shown);
            if (shown) {
                double px = x.getDisplayPosition(markers.get(i));
                line.setStartX(px);
                line.setEndX(px);
                line.setStartY(top);
                line.setEndY(bottom);
            }
        }
    }
}
