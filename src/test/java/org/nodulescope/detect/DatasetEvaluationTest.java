package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.eval.CaseRow;
import org.nodulescope.eval.MatchStatus;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.io.AnnotationCsv;
import org.nodulescope.io.DataFileException;
import org.nodulescope.io.LunaDataset;
import org.nodulescope.io.MetaImageReader;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.phantom.PhantomConfig;
import org.nodulescope.phantom.PhantomDataset;
import org.nodulescope.volume.Volume;

/**
 * A data set detected and evaluated in one go, as the research view runs it, with the tiny
 * configuration's deterministic weights on two small phantom scans; then the folder read back,
 * and a scan's saved nodules made whole again on its voxels.
 */
class DatasetEvaluationTest {

    private static NDManager manager;
    private static MaskRcnn tiny;

    @TempDir
    static Path shared;

    private static Path data;

    @BeforeAll
    static void build() throws IOException {
        manager = NDManager.newBaseManager();
        tiny = TestScans.tinyModel(manager);
        data = shared.resolve("luna");
        PhantomConfig config = PhantomConfig.builder().optSizePx(96).optSliceCount(32)
                .optNodulesPerScan(1, 2).optNoduleFreeFraction(0).optExcludedPerScan(0, 0)
                .build();
        PhantomDataset.write(data, config, 11, 2, i -> { });
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static DetectionService service() {
        return DetectionService.of(tiny, InputRecipe.paper(5), "tiny",
                DetectionOptions.defaults());
    }

    @Test
    void detectsEveryScanThenEvaluatesAndReadsBack(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("evaluation");
        List<String> started = new ArrayList<>();
        boolean[] evaluating = {false};
        DatasetEvaluation.Outcome r = DatasetEvaluation.run(data, service(), out, 50, 1,
                new DatasetEvaluation.Listener() {
                    @Override
                    public void scanStarted(int index, int total, String uid) {
                        started.add(index + "/" + total + " " + uid);
                    }

                    @Override
                    public void evaluating() {
                        evaluating[0] = true;
                    }
                }, new Cancellation());
        LunaDataset dataset = LunaDataset.open(data);
        assertEquals(2, started.size());
        assertTrue(started.get(0).startsWith("0/2 "), started.toString());
        assertTrue(evaluating[0]);
        assertTrue(r.skipped().isEmpty());
        for (Path scan : dataset.scans()) {
            assertTrue(Files.isRegularFile(ScanDetectionsFile.fileFor(r.detections(),
                    LunaDataset.seriesUid(scan))));
        }
        int annotated = AnnotationCsv.readAnnotations(dataset.annotations()).size();
        EvaluationSummary s = EvaluationSummary.read(out);
        assertNotNull(s.paper(), "detections give the paper's protocol");
        // a small nodule between the phantom's thick slices is left out, and said so
        long leftOut = s.warnings().stream()
                .filter(w -> w.contains("left out of the paper's protocol")).count();
        assertEquals(annotated - leftOut, s.paper().tp() + s.paper().fn(),
                "every other annotated nodule is found or missed: " + s.warnings());
        assertEquals(s.paper().tp() + s.paper().fp() + s.paper().fn(), s.cases().size());
        assertEquals(r.evaluation().froc().cpm(), s.cpm(), 1e-12);
        assertTrue(s.bandKnown());
        assertEquals(0.125, s.band().get(0).fpRate(), 1e-12);
        assertEquals(7, s.sensitivities().size());
        assertEquals(r.detections().toString(), s.inputs().get("detections"));
        // an evaluation folder of an older version (no band file) still reads: the bare curve
        Files.delete(out.resolve(EvaluationReport.FROC_BAND_CSV));
        EvaluationSummary old = EvaluationSummary.read(out);
        assertFalse(old.bandKnown());
        assertEquals(Files.readAllLines(out.resolve(EvaluationReport.FROC_CSV)).size() - 1,
                old.band().size());
        assertTrue(old.band().stream().allMatch(p -> p.low() == p.sensitivity()
                && p.high() == p.sensitivity()));
        // a missed nodule's row carries its annotated centre slice, for the viewer to go to
        for (CaseRow c : s.cases()) {
            if (c.status() == MatchStatus.FN) {
                assertTrue(c.centreSlice() >= 0, c.toString());
                assertNotNull(c.centre());
            }
        }
    }

    @Test
    void savedNodulesAreRebuiltAsDetectedOnTheSameScan(@TempDir Path dir) throws IOException {
        Path scan = LunaDataset.open(data).scans().get(0);
        ScanDetections fresh = service().detect(scan, DetectionListener.NONE,
                new Cancellation());
        assertFalse(fresh.nodules().isEmpty(), "the untrained network marks something");
        Path file = dir.resolve("scan.json");
        ScanDetectionsFile.write(file, fresh.toSaved());
        SavedScanDetections saved = ScanDetectionsFile.read(file);
        Volume ct = MetaImageReader.read(scan);
        List<DetectedNodule> again = SavedDetections.nodules(saved, ct);
        assertEquals(fresh.nodules().size(), again.size());
        for (int i = 0; i < again.size(); i++) {
            DetectedNodule a = fresh.nodules().get(i);
            DetectedNodule b = again.get(i);
            assertEquals(a.rank(), b.rank());
            assertEquals(a.largestSlice(), b.largestSlice());
            assertEquals(a.volumeMm3(), b.volumeMm3(), 1e-9);
            assertEquals(a.mask().size(), b.mask().size());
            assertEquals(a.probability(), b.probability(), 1e-6);
        }
        // the shared phantom of these tests has 40 slices, the data set's scans 32
        Volume cut = TestScans.phantom().ct();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedDetections.nodules(saved, cut));
        assertTrue(e.getMessage().contains("open the scan they were made on"), e.getMessage());
    }

    @Test
    void refusesAFolderThatHoldsFilesAndStopsWhenCancelled(@TempDir Path dir)
            throws IOException {
        Path busy = dir.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("notes.txt"), "mine");
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetEvaluation.run(
                data, service(), busy, 0, 0, new DatasetEvaluation.Listener() { },
                new Cancellation()));
        assertTrue(e.getMessage().contains("already holds files"), e.getMessage());
        assertEquals("mine", Files.readString(busy.resolve("notes.txt")));

        Cancellation cancel = new Cancellation();
        assertThrows(CancellationException.class, () -> DatasetEvaluation.run(data, service(),
                dir.resolve("cancelled"), 0, 0, new DatasetEvaluation.Listener() {
                    @Override
                    public void scanStarted(int index, int total, String uid) {
                        cancel.cancel();
                    }
                }, cancel));
        assertFalse(Files.exists(dir.resolve("cancelled").resolve("metrics.json")));
    }
}
