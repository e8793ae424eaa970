package org.nodulescope.preprocess.iqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IqaReportTest {

    @TempDir
    Path dir;

    private static IqaStudy.ScanRow row(String uid, double psnr, double eo, double ec) {
        return new IqaStudy.ScanRow(uid,
                new ScanQuality.Result(10, psnr, 0, Double.NaN, Double.NaN, eo, ec), "none");
    }

    @Test
    void writesTablesSummaryAndPlots() throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<IqaStudy.ScanRow> rows = List.of(row("a", 20, 4.0, 4.5), row("b", 22, 4.2, 4.6),
                row("c", 24, 4.1, 4.4), row("d", 26, 3.9, 4.5));
        IqaStudy study = new IqaStudy(new IqaStudy.Settings(1, false), Optional.empty(),
                "BRISQUE not computed: no model");
        IqaStudy.Summary s = study.summarise(rows);
        assertEquals(23, s.psnrMeanDb(), 1e-12);
        assertEquals(4.05, s.entropyOriginal(), 1e-12);
        assertEquals(4.5, s.entropyClahe(), 1e-12);
        // differences 0.5, 0.4, 0.3, 0.6: mean 0.45, sd 0.12910, t = 0.45 / (0.12910 / 2)
        assertEquals(0.45 / (Math.sqrt(0.05 / 3) / 2), s.entropyTest().t(), 1e-9);
        assertTrue(s.brisqueOriginal().isEmpty());

        IqaStudy.Settings settings = new IqaStudy.Settings(1, false);
        List<Path> files = IqaReport.write(new IqaStudy.Outcome(rows, s, List.of()), settings, dir);
        assertEquals(5, files.size());
        List<String> csv = Files.readAllLines(dir.resolve(IqaReport.CSV));
        assertEquals(5, csv.size());
        assertEquals("b,10,22.000000,0,,,4.200000,4.600000,none", csv.get(2));
        JsonNode json = new ObjectMapper().readTree(dir.resolve(IqaReport.JSON).toFile());
        assertEquals(4, json.get("scans").asInt());
        assertTrue(json.get("brisque").get("original").isNull());
        assertTrue(json.get("brisque").get("note").asText().contains("no model"));
        assertEquals(s.entropyTest().p(), json.get("entropy").get("p").asDouble(), 0);
        for (Path png : files.subList(2, files.size())) {
            assertTrue(ImageIO.read(png.toFile()).getWidth() == 900, png.toString());
        }
    }
}
