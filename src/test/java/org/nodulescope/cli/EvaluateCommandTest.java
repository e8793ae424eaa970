package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.CaseTable;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.NoduleMeasurements;
import org.nodulescope.eval.NoduleMerger;
import org.nodulescope.eval.NoduleType;
import org.nodulescope.eval.SavedNodule;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.io.Annotation;
import org.nodulescope.preprocess.NoduleTargets;
import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.VoxelPoint;
import org.nodulescope.volume.WorldPoint;

/** evaluate on tiny tables written here; every expected number is worked out in a comment. */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /**
     * Scans A, B and C (C without marks or nodules). A: nodules r 5 at the origin and r 3 at
     * (50, 0, 0); an excluded finding (-1: radius 5) at (-40, 0, 0). B: a nodule r 4 at the
     * origin. Z's nodule and X's mark are of scans not listed.
     */
    private List<String> tables() throws IOException {
        Path annotations = write("annotations.csv", "seriesuid,coordX,coordY,coordZ,diameter_mm",
                "A,0,0,0,10", "A,50,0,0,6", "B,0,0,0,8", "Z,0,0,0,5");
        Path excluded = write("excluded.csv", "seriesuid,coordX,coordY,coordZ,diameter_mm",
                "A,-40,0,0,-1");
        Path uids = write("seriesuids.csv", "A", "B", "C");
        Path submission = write("submission.csv", "seriesuid,coordX,coordY,coordZ,probability",
                "A,1,0,0,0.9", "A,100,100,100,0.8", "A,50,0,2.9,0.6", "A,-44,0,0,0.95",
                "B,0,0,3.9,0.7", "B,200,0,0,0.5", "B,300,0,0,0.4", "X,0,0,0,0.99");
        return List.of("--annotations", annotations.toString(), "--excluded",
                excluded.toString(), "--seriesuids", uids.toString(), "--submission",
                submission.toString());
    }

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(List.of("evaluate"));
        all.addAll(base);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    @Test
    void writesTheLuna16Metrics() throws IOException {
        Path out = dir.resolve("run");
        Cli.Run r = Cli.run(args(tables(), "--out", out.toString(), "--bootstrap", "200",
                "--seed", "3"));
        assertEquals(0, r.exit(), r.err());
        // 0.95 lies on the excluded finding and is ignored. By probability: 0.9 TP, 0.8 FP,
        // 0.7 TP, 0.6 TP, 0.5 FP, 0.4 FP over 3 scans and 3 nodules: (0, 1/3), (1/3, 1/3),
        // (1/3, 2/3), (1/3, 1), (2/3, 1), (1, 1). At 1/8 and 1/4: 1/3; from 1/2: 1.
        // CPM = (2/3 + 5) / 7 = 17/21
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(17.0 / 21, m.get("cpm").asDouble(), 1e-12);
        assertEquals(1.0 / 3, m.get("sensitivities").get("0.125").asDouble(), 1e-12);
        assertEquals(1.0 / 3, m.get("sensitivities").get("0.25").asDouble(), 1e-12);
        assertEquals(1.0, m.get("sensitivities").get("0.5").asDouble(), 0);
        assertEquals(1.0, m.get("sensitivities").get("8").asDouble(), 0);
        assertEquals(7, m.get("sensitivities").size());
        assertEquals(2, m.get("cpm_ci95").size());
        assertTrue(m.get("cpm_ci95").get(0).asDouble() <= m.get("cpm_ci95").get(1).asDouble());
        assertEquals(3, m.get("scans").asInt());
        assertEquals(3, m.get("nodules").asInt());
        assertEquals(3, m.get("false_positives").asInt());
        assertTrue(m.get("note").isNull());
        assertFalse(m.has("precision"));
        assertEquals(200, m.get("bootstrap").get("samples").asInt());
        List<String> froc = Files.readAllLines(out.resolve("froc.csv"));
        assertEquals("threshold,fp_per_scan,sensitivity", froc.get(0));
        assertEquals("inf,0.0,0.0", froc.get(1));
        assertEquals(8, froc.size());
        assertTrue(Files.size(out.resolve("froc.png")) > 1000);
        // the band on the plot's grid: from 1/8 to 8 FP a scan, the curve inside its interval
        List<String> band = Files.readAllLines(out.resolve("froc_band.csv"));
        assertEquals("fp_per_scan,sensitivity,low,high", band.get(0));
        String[] first = band.get(1).split(",");
        assertEquals(0.125, Double.parseDouble(first[0]), 1e-12);
        assertEquals(1.0 / 3, Double.parseDouble(first[1]), 1e-12);
        assertTrue(Double.parseDouble(first[2]) <= 1.0 / 3
                && Double.parseDouble(first[3]) >= 1.0 / 3, band.get(1));
        assertEquals(8.0, Double.parseDouble(band.get(band.size() - 1).split(",")[0]), 1e-9);
        assertFalse(Files.exists(out.resolve("cases.csv")));
        assertTrue(r.out().contains("CPM 0.810 (95% CI "), r.out());
        // the unknown scan's row and the unlisted nodule are reported, not counted
        assertTrue(r.err().contains("1 row(s) name a series uid that is not among the scans"
                + " evaluated (1 scan(s), e.g. X (1)); they are left out."), r.err());
        assertTrue(r.err().contains("1 nodule(s) lie in scans that are not among the scans"
                + " evaluated (1 scan(s), e.g. Z (1))"), r.err());
        assertEquals(2, m.get("warnings").size());
    }

    @Test
    void theSameSeedGivesTheSameInterval() throws IOException {
        List<String> base = tables();
        Cli.Run first = Cli.run(args(base, "--out", dir.resolve("one").toString(),
                "--bootstrap", "300", "--seed", "5"));
        Cli.Run second = Cli.run(args(base, "--out", dir.resolve("two").toString(),
                "--bootstrap", "300", "--seed", "5"));
        assertEquals(0, first.exit() + second.exit());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(dir.resolve("one/metrics.json").toFile()).get("cpm_ci95"),
                json.readTree(dir.resolve("two/metrics.json").toFile()).get("cpm_ci95"));
    }

    @Test
    void anOutputFolderThatHoldsAnotherRunIsNeverOverwritten() throws IOException {
        Path out = Files.createDirectories(dir.resolve("earlier"));
        Path old = Files.writeString(out.resolve("metrics.json"), "{\"cpm\": 0.5}");
        Cli.Run r = Cli.run(args(tables(), "--out", out.toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("already holds files (another run?)"), r.err());
        assertTrue(r.err().contains("nothing is overwritten"), r.err());
        assertEquals("{\"cpm\": 0.5}", Files.readString(old));
        assertEquals(1, Files.list(out).count());
    }

    @Test
    void aMalformedFieldNamesFileAndLine() throws IOException {
        List<String> base = new ArrayList<>(tables());
        Path bad = write("bad.csv", "seriesuid,coordX,coordY,coordZ,probability",
                "A,1,0,0,0.9", "A,1,zero,0,0.8");
        base.set(base.indexOf("--submission") + 1, bad.toString());
        Path out = dir.resolve("bad-run");
        Cli.Run r = Cli.run(args(base, "--out", out.toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(bad + ", line 3: coordY is 'zero', not a number"), r.err());
        assertFalse(Files.exists(out), "nothing written for a failed run");
    }

    @Test
    void noPredictionsAtAllGiveCpmZeroAndSayWhy() throws IOException {
        List<String> base = new ArrayList<>(tables());
        Path empty = write("empty.csv", "seriesuid,coordX,coordY,coordZ,probability");
        base.set(base.indexOf("--submission") + 1, empty.toString());
        Path out = dir.resolve("empty-run");
        Cli.Run r = Cli.run(args(base, "--out", out.toString(), "--bootstrap", "10"));
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(0, m.get("cpm").asDouble(), 0);
        assertTrue(m.get("note").asText().contains("no marks"));
        assertTrue(r.out().contains("CPM is 0: the submission has no marks for the listed"
                + " scans"), r.out());
    }

    @Test
    void badArgumentsExitWithTwo() throws IOException {
        Cli.Run r = Cli.run(args(tables(), "--out", dir.resolve("x").toString(),
                "--bootstrap", "-1"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--bootstrap must be 0 or more"), r.err());
        assertEquals(2, Cli.run("evaluate", "--out", dir.toString()).exit());
    }

    // ---- the paper's protocol with --detections ----

    static final GridSize GRID = new GridSize(64, 64, 40);
    static final VoxelGeometry GEOMETRY = new VoxelGeometry(new WorldPoint(0, 0, 0),
            new Spacing(1, 1, 2), Direction.identity());

    private static SliceMask rect(int x0, int y0, int w, int h) {
        byte[] bits = new byte[w * h];
        Arrays.fill(bits, (byte) 1);
        return new SliceMask(64, 64, x0, y0, w, h, bits);
    }

    /**
     * D1 has a nodule of 8 mm at world (32, 20, 40) = voxel (32, 20, 20): it touches slices
     * 19-21 (|dz| = 2 mm < 4), its target on slice 20 is the disc of radius 4 px (49 pixels,
     * box 28..36 x 16..24). Detections: slice 20, the 9 x 9 box filled (81 px) at 0.9; slice 21,
     * the target disc itself at 0.8; slice 5, a 4 x 4 square at 0.6. D2's nodule (6 mm at
     * voxel (10, 10, 10)) gets no detection.
     */
    private Path detectionsFolder(boolean withD2) throws IOException {
        Annotation a = new Annotation("D1", new WorldPoint(32, 20, 40), 8);
        NoduleTargets.Result t = NoduleTargets.compute(GRID, GEOMETRY, List.of(a));
        SliceMask disc21 = t.onSlice(21).get(0).mask();
        List<SliceDetection> ds = List.of(
                new SliceDetection(20, new Box2D(28, 16, 37, 25), 0.9, rect(28, 16, 9, 9)),
                new SliceDetection(21, disc21.boundingBox(), 0.8, disc21),
                new SliceDetection(5, new Box2D(0, 0, 4, 4), 0.6, rect(0, 0, 4, 4)));
        List<MergedNodule> merged = NoduleMerger.paper().merge(ds);
        List<SavedNodule> saved = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            MergedNodule n = merged.get(i);
            List<Integer> members = n.members().stream().map(ds::indexOf).toList();
            VoxelPoint v = new VoxelPoint(n.box().centreX() - 0.5, n.box().centreY() - 0.5,
                    n.centreSlice());
            saved.add(SavedNodule.of(i + 1, n, members, GEOMETRY.toWorld(v), v,
                    new NoduleMeasurements(8, 7, 200, 7.3, -50, 60, NoduleType.SOLID)));
        }
        Path folder = Files.createDirectories(dir.resolve("detections"));
        ScanDetectionsFile.write(ScanDetectionsFile.fileFor(folder, "D1"),
                new SavedScanDetections("D1", null, GRID, GEOMETRY, Map.of(), Map.of(),
                        Map.of("totalSeconds", 1.0), null, 0, 39, ds, saved));
        if (withD2) {
            ScanDetectionsFile.write(ScanDetectionsFile.fileFor(folder, "D2"),
                    new SavedScanDetections("D2", null, GRID, GEOMETRY, Map.of(), Map.of(),
                            Map.of(), null, 0, 39, List.of(), List.of()));
        }
        return folder;
    }

    private List<String> paperTables(Path detections) throws IOException {
        Path annotations = write("p-annotations.csv",
                "seriesuid,coordX,coordY,coordZ,diameter_mm", "D1,32,20,40,8", "D2,10,10,20,6");
        Path uids = write("p-seriesuids.csv", "D1", "D2");
        Path submission = write("p-submission.csv", "seriesuid,coordX,coordY,coordZ,probability",
                "D1,32,20,40,0.9", "D1,2,2,10,0.6");
        return List.of("--annotations", annotations.toString(), "--seriesuids",
                uids.toString(), "--submission", submission.toString(), "--detections",
                detections.toString(), "--bootstrap", "20");
    }

    @Test
    void detectionsAddThePaperProtocolAndTheCaseTable() throws IOException {
        Path out = dir.resolve("paper");
        Cli.Run r = Cli.run(args(paperTables(detectionsFolder(true)), "--out", out.toString()));
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        // {20, 21} merge (the slice-21 disc lies inside the slice-20 box); its representative
        // is the 81 px box of slice 20, IoU 1 with the truth's box on its centre slice: TP.
        // Slice 5 is an FP, D2's nodule an FN.
        assertEquals(1, m.get("tp").asInt());
        assertEquals(1, m.get("fp").asInt());
        assertEquals(1, m.get("fn").asInt());
        assertEquals(0.5, m.get("precision").asDouble(), 1e-12);
        assertEquals(0.5, m.get("recall").asDouble(), 1e-12);
        assertEquals(0.5, m.get("f1").asDouble(), 1e-12);
        // masks: slice 20, 81 px square against the 49 px disc inside it: IoU 49/81, Dice
        // 98/130; slice 21 the disc itself: 1 and 1
        assertEquals(2, m.get("mask_pairs").asInt());
        assertEquals((98.0 / 130 + 1) / 2, m.get("dice").asDouble(), 1e-12);
        assertEquals((49.0 / 81 + 1) / 2, m.get("iou").asDouble(), 1e-12);
        assertEquals(3, m.get("paper_protocol").get("slice_window").asInt());

        List<CaseRow> cases = CaseTable.read(out.resolve("cases.csv"));
        assertEquals(List.of(MatchStatus.TP, MatchStatus.FP, MatchStatus.FN),
                cases.stream().map(CaseRow::status).toList());
        CaseRow tp = cases.get(0);
        assertEquals("D1", tp.seriesUid());
        assertEquals(0.9, tp.probability(), 0);
        assertEquals(20, tp.centreSlice());
        assertEquals(new WorldPoint(32, 20, 40), tp.centre());
        assertEquals(8, tp.diameterMm(), 0);
        assertEquals(1.0, tp.boxIou(), 0);
        assertEquals(5, cases.get(1).centreSlice());
        CaseRow fn = cases.get(2);
        assertEquals("D2", fn.seriesUid());
        assertEquals(10, fn.centreSlice()); // world z 20 mm / 2 mm per slice
        assertEquals(0, fn.annotationIndex());
        assertTrue(r.out().contains("Paper's protocol: TP 1, FP 1, FN 1; precision 0.500"),
                r.out());
    }

    @Test
    void aListedScanWithoutADetectionsFileCountsAsMissed() throws IOException {
        Path out = dir.resolve("paper-missing");
        Cli.Run r = Cli.run(args(paperTables(detectionsFolder(false)), "--out",
                out.toString()));
        assertEquals(0, r.exit(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1, m.get("fn").asInt());
        assertTrue(r.err().contains("no detections file for 1 scan(s) evaluated (e.g. D2)"),
                r.err());
        CaseRow fn = CaseTable.read(out.resolve("cases.csv")).get(2);
        assertEquals(-1, fn.centreSlice());
        assertEquals(new WorldPoint(10, 10, 20), fn.centre());
    }

    @Test
    void aDamagedDetectionsFileIsNamed() throws IOException {
        Path folder = detectionsFolder(true);
        Path d2 = ScanDetectionsFile.fileFor(folder, "D2");
        Files.writeString(d2, Files.readString(d2).replace("\"grid\" : [ 64, 64, 40 ]",
                "\"grid\" : [ 64, 64 ]"));
        Cli.Run r = Cli.run(args(paperTables(folder), "--out", dir.resolve("d").toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(d2.toString()), r.err());
        assertTrue(r.err().contains("grid"), r.err());
    }
}
