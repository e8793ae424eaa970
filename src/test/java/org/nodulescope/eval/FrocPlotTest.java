package org.nodulescope.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.io.Annotation;
import org.nodulescope.io.CadMark;
import org.nodulescope.volume.WorldPoint;

class FrocPlotTest {

    @TempDir
    Path dir;

    private static FrocResult result(int bootstrap) {
        // one scan, one nodule: a false positive at 0.9 then the hit at 0.5 -> (0, 0), (1, 0),
        // (1, 1)
        List<Annotation> nodules = List.of(new Annotation("S", new WorldPoint(0, 0, 0), 10));
        List<CadMark> marks = List.of(new CadMark("S", new WorldPoint(50, 0, 0), 0.9),
                new CadMark("S", new WorldPoint(0, 0, 0), 0.5));
        return new FrocAnalysis(FrocOptions.luna16().withBootstrap(bootstrap, 1))
                .evaluate(List.of("S"), nodules, List.of(), marks);
    }

    @Test
    void writesAPngOfTheAskedSize() throws Exception {
        Path png = dir.resolve("froc.png");
        FrocPlot.write(png, result(50), "FROC", 800, 500);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void chartHoldsCurveBandAndTheSevenPoints() {
        JFreeChart chart = FrocPlot.chart(result(50), "FROC");
        XYPlot plot = chart.getXYPlot();
        XYDataset points = plot.getDataset(0);
        assertEquals(7, points.getItemCount(0));
        assertEquals(0.125, points.getXValue(0, 0), 0);
        assertEquals(1.0, points.getYValue(0, 3), 0); // the top of the step at 1 FP/scan
        XYDataset curve = plot.getDataset(1);
        // from (1/8, 0) through the step at 1 to (8, 1)
        int last = curve.getItemCount(0) - 1;
        assertEquals(0.125, curve.getXValue(0, 0), 0);
        assertEquals(0, curve.getYValue(0, 0), 0);
        assertEquals(8, curve.getXValue(0, last), 0);
        assertEquals(1, curve.getYValue(0, last), 0);
        assertEquals(FrocBootstrap.BAND_RATES.length, plot.getDataset(2).getItemCount(0));
        String subtitle = ((TextTitle) chart.getSubtitle(1)).getText();
        assertTrue(subtitle.startsWith("CPM 0.571 (bootstrap CI"), subtitle);
    }

    @Test
    void withoutBootstrapThereIsNoBand() {
        JFreeChart chart = FrocPlot.chart(result(0), "FROC");
        assertNull(chart.getXYPlot().getDataset(2));
    }
}
