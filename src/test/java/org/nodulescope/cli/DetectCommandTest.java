package org.nodulescope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.io.CadMark;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.io.SubmissionCsv;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.volume.Direction;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;
import picocli.CommandLine;

/**
 * {@code nodulescope detect} on a tiny synthetic data set with a tiny model folder made here:
 * the files it writes, the output-folder rule, the demo model, and the bad inputs.
 */
class DetectCommandTest {

    @TempDir
    static Path shared;

    private static Path data;
    private static Path modelFolder;
    private static PhantomDataset.Summary summary;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeDataAndModel() throws IOException {
        data = shared.resolve("luna");
        summary = PhantomDataset.write(data, PhantomConfig.builder().optSizePx(64)
                .optSliceCount(8).optNodulesPerScan(1, 2).optNoduleFreeFraction(0.5)
                .optThreads(2).build(), 5, 2, i -> { });
        modelFolder = shared.resolve("tiny-model");
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn tiny = MaskRcnn.of(MaskRcnnConfig.tiny());
            tiny.initialize(m, DataType.FLOAT32);
            tiny.fillDeterministic();
            tiny.save(modelFolder, "tiny test model, deterministic weights");
        }
    }

    /** Runs the command line with the demo model looked for by {@code home}. */
    private static Cli.Run run(Function<String, Optional<Path>> home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NoduleScopeCommand.newCommandLine(new PrintWriter(out),
                new PrintWriter(err));
        ((DetectCommand) cl.getSubcommands().get("detect").getCommand()).home = home;
        int code = cl.execute(args);
        return new Cli.Run(code, out.toString(), err.toString());
    }

    private static Cli.Run run(String... args) {
        return run(name -> Optional.empty(), args);
    }

    @Test
    void aDataSetGivesAJsonAndATablePerScanASubmissionAndAReport() throws IOException {
        Path out = dir.resolve("run");
        Cli.Run r = run("detect", data.toString(), "--model", modelFolder.toString(), "--out",
                out.toString(), "--device", "cpu", "--batch", "4", "--max-marks", "3");
        assertEquals(0, r.exit(), r.err());
        for (String uid : summary.seriesUids()) {
            SavedScanDetections saved = ScanDetectionsFile.read(
                    ScanDetectionsFile.fileFor(out, uid));
            assertEquals(uid, saved.seriesUid());
            assertTrue(saved.firstSlice() >= 0, "the lungs were found");
            assertEquals("LUNA16", saved.preprocessing().get("lungMask"));
            assertEquals(modelFolder.toString(), saved.model().get("location"));
            assertFalse(saved.nodules().isEmpty(), "the untrained network finds things");
            assertEquals(saved.nodules().size(), saved.mergedNodules().size());
            List<String> table = Files.readAllLines(out.resolve(uid + DetectCommand.TABLE_SUFFIX));
            assertEquals(String.join(",", NoduleTable.COLUMNS), table.get(0));
            // annotations.csv and seriesuids.csv above the scan: every nodule row has a status
            long detected = table.stream().skip(1).filter(l -> l.contains(",nodule,")).count();
            assertEquals(saved.nodules().size(), detected);
            assertTrue(table.stream().skip(1).allMatch(l -> l.matches(".*,(TP|FP|FN),.*")),
                    String.join("\n", table));
        }
        Map<String, List<CadMark>> marks = SubmissionCsv.bySeries(
                SubmissionCsv.read(out.resolve(DetectCommand.SUBMISSION)));
        assertEquals(summary.seriesUids().size(), marks.size());
        marks.values().forEach(m -> {
            assertTrue(m.size() <= 3, "at most --max-marks a scan");
            for (int i = 1; i < m.size(); i++) {
                assertTrue(m.get(i).probability() <= m.get(i - 1).probability());
            }
        });
        String html = Files.readString(out.resolve(DetectCommand.REPORT));
        assertTrue(html.contains("data:image/png;base64,"), "pictures are inlined");
        summary.seriesUids().forEach(uid -> assertTrue(html.contains(uid)));
        assertTrue(r.out().contains("TP "), r.out());
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")),
                    "no temporary file left");
        }
    }

    @Test
    void anOutputFolderThatHoldsAnythingIsRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("earlier"));
        Path earlier = Files.writeString(out.resolve("submission.csv"), "keep me");
        Cli.Run r = run("detect", data.toString(), "--model", modelFolder.toString(), "--out",
                out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("is not empty") && r.err().contains(out.toString()),
                r.err());
        assertEquals("keep me", Files.readString(earlier));
        try (var files = Files.list(out)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void withoutModelTheDemoModelIsUsedAndSaidSoOrItsAbsenceExplained() throws IOException {
        Cli.Run missing = run("detect", data.toString(), "--out", dir.resolve("a").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("demo model is not there")
                && missing.err().contains("--model"), missing.err());
        assertFalse(Files.exists(dir.resolve("a").resolve(DetectCommand.REPORT)));

        Path home = dir.resolve("home");
        Path demo = home.resolve(DetectCommand.DEMO_MODEL);
        copyTree(modelFolder, demo);
        Path scan = Files.list(data.resolve(PhantomDataset.SCAN_FOLDER))
                .filter(p -> p.toString().endsWith(".mhd")).sorted().findFirst().orElseThrow();
        Cli.Run used = run(name -> Optional.of(home.resolve(name)), "detect", scan.toString(),
                "--out", dir.resolve("b").toString(), "--device", "cpu");
        assertEquals(0, used.exit(), used.err());
        assertTrue(used.err().contains("using the demo model " + demo)
                && used.err().contains("synthetic"), used.err());
    }

    @Test
    void aScanWithoutLungsIsReportedTheRunGoesOnAndEndsWithOne() throws IOException {
        GridSize size = new GridSize(64, 64, 6);
        short[] hu = new short[(int) size.voxelCount()];
        Arrays.fill(hu, (short) 40);
        Path solid = dir.resolve("solid").resolve("9.9.9.mhd");
        Files.createDirectories(solid.getParent());
        MetaImageWriter.write(Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(0.7, 0.7, 2), Direction.identity()), hu), solid, false);
        Path scan = Files.list(data.resolve(PhantomDataset.SCAN_FOLDER))
                .filter(p -> p.toString().endsWith(".mhd")).sorted().findFirst().orElseThrow();
        Path out = dir.resolve("run");
        Cli.Run r = run("detect", solid.toString(), scan.toString(), "--model",
                modelFolder.toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("9.9.9: no lungs found"), r.err());
        SavedScanDetections none = ScanDetectionsFile.read(
                ScanDetectionsFile.fileFor(out, "9.9.9"));
        assertTrue(none.problem().startsWith("no lungs found") && none.nodules().isEmpty());
        // the second scan was still processed
        assertTrue(Files.exists(out.resolve(DetectCommand.SUBMISSION)));
        assertTrue(Files.readString(out.resolve(DetectCommand.REPORT)).contains("no lungs"));
    }

    @Test
    void badArgumentsAndMissingFilesEndWithOneSentence() {
        Cli.Run gpu = run("detect", data.toString(), "--model", modelFolder.toString(),
                "--out", dir.resolve("g").toString(), "--device", "gpu");
        if (ai.djl.engine.Engine.getInstance().getGpuCount() == 0) {
            assertEquals(2, gpu.exit());
            assertTrue(gpu.err().contains("A GPU was requested but")
                    && !gpu.err().contains("internal error"), gpu.err());
        }
        Cli.Run batch = run("detect", data.toString(), "--out", dir.resolve("x").toString(),
                "--batch", "-1");
        assertEquals(2, batch.exit());
        assertTrue(batch.err().contains("--batch"), batch.err());
        Cli.Run missing = run("detect", dir.resolve("nothing.mhd").toString(), "--model",
                modelFolder.toString(), "--out", dir.resolve("y").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nothing.mhd: does not exist"), missing.err());
        Cli.Run damaged = run("detect", data.toString(), "--model", dir.toString(), "--out",
                dir.resolve("z").toString());
        assertEquals(1, damaged.exit());
        assertTrue(damaged.err().contains("metadata.json is missing"), damaged.err());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.collect(Collectors.toList())) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
