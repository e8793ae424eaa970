package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.preprocess.iqa.IqaReport;
import org.nodulescope.preprocess.iqa.IqaStudy;

class IqaCommandTest {

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void makeData() {
        data = dir.resolve("data");
        Cli.Run r = Cli.run("phantom", "--out", data.toString(), "--scans", "3", "--seed", "4",
                "--size", "96", "--slices", "24");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void measuresEveryScanWithTheBundledBrisqueModel() throws IOException {
        Path out = dir.resolve("iqa");
        Cli.Run r = Cli.run("iqa", "--data", data.toString(), "--out", out.toString(),
                "--slice-step", "4");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("BRISQUE: original"), r.out());
        assertTrue(r.out().contains("bundled LIVE model"), r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve(IqaReport.JSON).toFile());
        assertEquals(3, json.get("scans").asInt());
        double eo = json.get("entropy").get("original").asDouble();
        double ec = json.get("entropy").get("clahe").asDouble();
        assertTrue(ec > eo, "CLAHE spreads the histogram: " + eo + " -> " + ec);
        assertTrue(json.get("psnr").get("meanDb").asDouble() > 10);
        double bo = json.get("brisque").get("original").asDouble();
        assertTrue(bo > 0 && bo <= 100, "BRISQUE " + bo);
        assertTrue(json.get("brisque").has("t"));
        assertEquals(4, Files.readAllLines(out.resolve(IqaReport.CSV)).size());
        assertTrue(Files.exists(out.resolve("fig8_brisque_per_scan.png")));
        assertTrue(Files.exists(out.resolve("fig10_entropy_distribution.png")));
    }

    @Test
    void withoutAModelTheOtherMetricsAreReportedAndTheReasonGiven() throws IOException {
        IqaStudy.Settings settings = new IqaStudy.Settings(6, true);
        IqaStudy.Outcome outcome = new IqaStudy(settings, Optional.empty(),
                "BRISQUE not computed: no model files").run(data, new org.nodulescope.preprocess.DatasetListener() { });
        assertEquals(3, outcome.rows().size());
        assertTrue(outcome.summary().brisqueOriginal().isEmpty());
        assertTrue(Double.isNaN(outcome.rows().get(0).quality().brisqueClahe()));
        assertEquals("provided", outcome.rows().get(0).lungMask());
        assertTrue(outcome.summary().entropyTest() != null);
        List<Path> files = IqaReport.write(outcome, settings, dir.resolve("iqa-no-model"));
        assertTrue(files.stream().noneMatch(f -> f.toString().contains("brisque")));
    }

    @Test
    void aWrongModelFolderIsAClearError() {
        Cli.Run r = Cli.run("iqa", "--data", data.toString(), "--out",
                dir.resolve("x").toString(), "--brisque-model", dir.resolve("nomodel").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("brisque_model_live.yml"), r.err());
    }
}
