package org.nodulescope.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.eval.MergedNodule;
import org.nodulescope.eval.SavedScanDetections;
import org.nodulescope.eval.ScanDetectionsFile;
import org.nodulescope.eval.SliceDetection;
import org.nodulescope.io.LungMaskReader;
import org.nodulescope.io.MetaImageWriter;
import org.nodulescope.model.ImageBatch;
import org.nodulescope.model.InputRecipe;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.ModelFolder;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.phantom.PhantomScan;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Spacing;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VolumeMask;
import org.nodulescope.volume.VoxelData;
import org.nodulescope.volume.VoxelGeometry;
import org.nodulescope.volume.WorldPoint;

/**
 * Whole-scan detection end to end on a small synthetic chest with the tiny configuration's
 * deterministic weights (an untrained network: it finds "nodules" everywhere, which is what
 * exercises thresholding, merging and measuring).
 */
class DetectionServiceTest {

    private static final int FIRST = 18;
    private static final int LAST = 23;

    private static NDManager manager;
    private static MaskRcnn tiny;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        tiny = TestScans.tinyModel(manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static ScanInput scan() {
        PhantomScan p = TestScans.phantom();
        return ScanInput.of(p.ct(), p.seriesUid(), null);
    }

    private static DetectionService service(DetectionOptions options) {
        return DetectionService.of(tiny, InputRecipe.paper(5), "tiny", options);
    }

    /** Records what a run reports. */
    private static final class Recorder implements DetectionListener {
        final List<DetectionProgress> progress = new ArrayList<>();
        final List<String> stages = new ArrayList<>();

        @Override
        public void stage(String message) {
            stages.add(message);
        }

        @Override
        public void progress(DetectionProgress p) {
            progress.add(p);
        }
    }

    @Test
    void runsEndToEndWithProgressInOrderAndMeasuredNodules() throws IOException {
        Recorder events = new Recorder();
        ScanDetections r;
        try (DetectionService s = service(DetectionOptions.defaults().withBatchSize(4))) {
            r = s.detect(scan(), TestScans.lungs(FIRST, LAST, false), events, new Cancellation());
        }
        assertEquals(FIRST, r.firstSlice());
        assertEquals(LAST, r.lastSlice());
        assertEquals(6, r.slicesProcessed());
        assertEquals(LungMaskInfo.Source.GIVEN, r.lungMask().source());
        assertTrue(r.problem().isEmpty());
        // batches of 4: 0, 4, 6 slices done; the estimate appears once a batch is done
        assertEquals(List.of(0, 4, 6),
                events.progress.stream().map(DetectionProgress::slicesDone).toList());
        events.progress.forEach(p -> assertEquals(6, p.slicesTotal()));
        assertTrue(events.progress.get(0).remaining().isEmpty());
        assertTrue(events.progress.get(1).remaining().isPresent());
        assertEquals(0, events.progress.get(2).remaining().orElseThrow().toNanos());
        assertTrue(events.stages.get(0).contains("given"), events.stages.toString());

        assertFalse(r.sliceDetections().isEmpty(), "the untrained network finds things");
        for (SliceDetection d : r.sliceDetections()) {
            assertTrue(d.slice() >= FIRST && d.slice() <= LAST);
            assertTrue(d.probability() >= 0.1, "at least the threshold's lower bound");
            assertNotNull(d.mask(), "kept detections carry their mask crop");
            assertEquals(TestScans.SIZE, d.mask().imageWidth());
        }
        assertFalse(r.nodules().isEmpty());
        Spacing spacing = r.geometry().spacing();
        for (int i = 0; i < r.nodules().size(); i++) {
            DetectedNodule n = r.nodules().get(i);
            assertEquals(i + 1, n.rank());
            if (i > 0) {
                assertTrue(n.probability() <= r.nodules().get(i - 1).probability());
            }
            long voxels = n.mask().stream().mapToLong(m -> m.mask().area()).sum();
            assertEquals(voxels * spacing.voxelVolumeMm3(), n.volumeMm3(), 1e-6);
            assertEquals(voxels, n.hu().voxels());
            assertTrue(n.largestSlice() >= n.firstSlice() && n.largestSlice() <= n.lastSlice());
            assertEquals(r.geometry().toWorld(n.centreVoxel()), n.centreWorld());
        }
        assertEquals(6, r.timings().slices());
        assertTrue(r.timings().inferenceSeconds() > 0);
    }

    @Test
    void theResultSavesAsEvalsDetectionsFileAndReadsBackWhole() throws IOException {
        ScanDetections r;
        try (DetectionService s = service(DetectionOptions.defaults().withBatchSize(2))) {
            r = s.detect(scan(), TestScans.lungs(20, 21, false), DetectionListener.NONE,
                    new Cancellation());
        }
        Path file = ScanDetectionsFile.fileFor(dir, r.seriesUid());
        ScanDetectionsFile.write(file, r.toSaved());
        SavedScanDetections back = ScanDetectionsFile.read(file);
        assertEquals(r.sliceDetections().size(), back.sliceDetections().size());
        List<MergedNodule> merged = back.mergedNodules();
        assertEquals(r.nodules().size(), merged.size());
        for (int i = 0; i < merged.size(); i++) {
            DetectedNodule n = r.nodules().get(i);
            MergedNodule m = merged.get(i);
            assertEquals(n.merged().members().size(), m.members().size());
            for (int k = 0; k < m.members().size(); k++) {
                SliceDetection a = n.merged().members().get(k);
                SliceDetection b = m.members().get(k);
                assertEquals(a.slice(), b.slice());
                assertEquals(a.box(), b.box());
                assertEquals(a.mask(), b.mask(), "masks survive run-length encoding");
            }
            assertEquals(n.measurements(), back.nodules().get(i).measurements());
            assertEquals(n.centreWorld(), back.nodules().get(i).centreWorld());
        }
        assertEquals("GIVEN", back.preprocessing().get("lungMask"));
        assertEquals(5, ((Number) back.preprocessing().get("slices")).intValue());
        assertEquals(2.0, back.timings().get("slices"));
        assertEquals("tiny", back.model().get("location"));
    }

    @Test
    void aLuna16MaskIsFoundBesideTheScanOnDisk() throws IOException {
        PhantomScan p = TestScans.phantom();
        Path file = dir.resolve("subset0").resolve(p.seriesUid() + ".mhd");
        Files.createDirectories(file.getParent());
        MetaImageWriter.write(p.ct(), file, false);
        // labels kept on two slices only, so that the run stays short
        byte[] labels = ((VoxelData.Int8) p.lungLabels().data()).values().clone();
        int area = p.ct().size().sliceArea();
        for (int i = 0; i < labels.length; i++) {
            if (i / area < 20 || i / area > 21) {
                labels[i] = 0;
            }
        }
        MetaImageWriter.write(new Volume(p.ct().size(), p.ct().geometry(),
                new VoxelData.Int8(labels, true)), LungMaskReader.locate(dir, p.seriesUid()),
                true);
        try (DetectionService s = service(DetectionOptions.defaults().withBatchSize(2))) {
            ScanDetections r = s.detect(file, DetectionListener.NONE, new Cancellation());
            assertEquals(LungMaskInfo.Source.LUNA16, r.lungMask().source());
            assertEquals(20, r.firstSlice());
            assertEquals(21, r.lastSlice());
            assertEquals(p.seriesUid(), r.seriesUid());
            assertTrue(r.timings().readSeconds() > 0);
        }
    }

    @Test
    void cancellingMidRunReturnsNothingAndTheServiceRunsOnAfterwards() throws IOException {
        try (DetectionService s = service(DetectionOptions.defaults().withBatchSize(1))) {
            Cancellation cancel = new Cancellation();
            List<Integer> seen = new ArrayList<>();
            DetectionListener stopAfterTwo = new DetectionListener() {
                @Override
                public void progress(DetectionProgress p) {
                    seen.add(p.slicesDone());
                    if (p.slicesDone() == 2) {
                        cancel.cancel();
                    }
                }
            };
            assertThrows(CancellationException.class, () -> s.detect(scan(),
                    TestScans.lungs(FIRST, LAST, false), stopAfterTwo, cancel));
            assertEquals(List.of(0, 1, 2), seen, "stopped at the next batch boundary");

            // an interrupt (what a JavaFX Task's cancel does) stops it the same way
            DetectionListener interruptAtOne = new DetectionListener() {
                @Override
                public void progress(DetectionProgress p) {
                    if (p.slicesDone() == 1) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            try {
                assertThrows(CancellationException.class, () -> s.detect(scan(),
                        TestScans.lungs(FIRST, LAST, false), interruptAtOne, new Cancellation()));
            } finally {
                Thread.interrupted();
            }
            ScanDetections after = s.detect(scan(), TestScans.lungs(FIRST, FIRST, false),
                    DetectionListener.NONE, new Cancellation());
            assertEquals(1, after.slicesProcessed());
        }
    }

    @Test
    void aScanWithoutLungsGivesZeroDetectionsAndTheReason() throws IOException {
        // soft tissue everywhere: no air, so the automatic segmentation finds no lungs
        GridSize size = new GridSize(64, 64, 8);
        short[] hu = new short[(int) size.voxelCount()];
        Arrays.fill(hu, (short) 40);
        Volume solid = Volume.ofShorts(size, new VoxelGeometry(new WorldPoint(0, 0, 0),
                new Spacing(0.7, 0.7, 2), org.nodulescope.volume.Direction.identity()), hu);
        Recorder events = new Recorder();
        try (DetectionService s = service(DetectionOptions.defaults())) {
            ScanDetections r = s.detect(ScanInput.of(solid, "1.2.3", null), null, events,
                    new Cancellation());
            assertTrue(r.nodules().isEmpty() && r.sliceDetections().isEmpty());
            assertEquals(LungMaskInfo.Source.NONE, r.lungMask().source());
            assertTrue(r.problem().orElseThrow().startsWith("no lungs found"), r.problem().get());
            assertEquals(0, r.slicesProcessed());
            assertTrue(events.progress.isEmpty(), "no inference ran");
            // a given mask without a lung voxel says so too
            ScanDetections empty = s.detect(ScanInput.of(solid, "1.2.3", null),
                    new VolumeMask(size, new byte[(int) size.voxelCount()]), events,
                    new Cancellation());
            assertTrue(empty.problem().orElseThrow().contains("no lung voxel"),
                    empty.problem().get());
        }
    }

    @Test
    void aRecipeOrRequestForAnotherSliceCountIsRefusedBeforeAnyWork() throws IOException {
        IllegalArgumentException recipe = assertThrows(IllegalArgumentException.class,
                () -> DetectionService.of(tiny, InputRecipe.paper(3), "tiny",
                        DetectionOptions.defaults()));
        assertTrue(recipe.getMessage().contains("3 slices")
                && recipe.getMessage().contains("5 input channels"), recipe.getMessage());
        IllegalArgumentException asked = assertThrows(IllegalArgumentException.class,
                () -> service(DetectionOptions.defaults().withRequiredSlices(3)));
        assertTrue(asked.getMessage().contains("takes 5 slices")
                && asked.getMessage().contains("3 were asked for"), asked.getMessage());

        Path inconsistent = dir.resolve("inconsistent");
        ModelFolder.save(inconsistent, tiny, tiny.config().toJson(), "test",
                InputRecipe.paper(3));
        IOException folder = assertThrows(IOException.class, () -> DetectionService.open(
                inconsistent, org.nodulescope.model.ComputeDevice.Request.CPU,
                DetectionOptions.defaults()));
        assertTrue(folder.getMessage().contains("3 slices")
                && folder.getMessage().contains("5 input channels"), folder.getMessage());

        Path damaged = dir.resolve("damaged");
        tiny.save(damaged, "test");
        Path params = damaged.resolve(ModelFolder.PARAMETERS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 1;
        Files.write(params, bytes);
        IOException broken = assertThrows(IOException.class, () -> DetectionService.open(
                damaged, org.nodulescope.model.ComputeDevice.Request.CPU,
                DetectionOptions.defaults()));
        assertTrue(broken.getMessage().contains("damaged"), broken.getMessage());
        // the folder loads when intact, and the service frees what it loaded
        Path good = dir.resolve("good");
        tiny.save(good, "test");
        try (DetectionService s = DetectionService.open(good,
                org.nodulescope.model.ComputeDevice.Request.CPU,
                DetectionOptions.defaults().withRequiredSlices(5))) {
            assertEquals(good.toString(), s.model().location());
            assertEquals(InputRecipe.paper(5), s.model().recipe());
        }
    }

    @Test
    void theNdArrayCountStaysFlatOverRepeatedRunsOnAnyThread() throws Exception {
        NDManager root = manager.getParentManager();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (DetectionService s = service(DetectionOptions.defaults().withBatchSize(2))) {
            Runnable run = () -> {
                try {
                    s.detect(scan(), TestScans.lungs(FIRST, FIRST + 1, false),
                            DetectionListener.NONE, new Cancellation());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            run.run();
            int before = root.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                worker.submit(run).get();
                run.run();
            }
            assertEquals(before, root.getManagedArrays().size(), "arrays left behind");
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void theLungCropFeedsTheNetworkTheLungsAsTheWholeFrameDoes() throws IOException {
        // one lung: the crop is a real part of the slice
        VolumeMask right = TestScans.lungs(20, 21, true);
        DetectionOptions crop = DetectionOptions.defaults().withBatchSize(2).withCropMargin(16);
        ScanDetections cropped;
        ScanDetections whole;
        try (DetectionService s = service(crop)) {
            cropped = s.detect(scan(), right, DetectionListener.NONE, new Cancellation());
        }
        try (DetectionService s = service(crop.withCropToLungs(false))) {
            whole = s.detect(scan(), right, DetectionListener.NONE, new Cancellation());
        }
        InferenceWindow w = cropped.window();
        assertTrue(w.cropped() && w.pixelShare() < 0.9, w.toString());
        assertFalse(whole.window().cropped());

        // wiring: the crop run's detections on slice 20 are the network's on the cut stack,
        // moved back by the window's corner
        StackPreparer wholeFrame = new StackPreparer(scan().ct(), right, InputRecipe.paper(5),
                whole.window());
        float[] full = wholeFrame.stack(20);
        float[] cut = cut(full, whole.window(), w);
        try (NDManager m = manager.newSubManager()) {
            Detections d = tiny.detect(m.create(cut, new Shape(5, w.height(), w.width())));
            List<SliceDetection> expected = new SliceInference(tiny, m,
                    DetectionOptions.defaults().threshold()).keep(20, d, w);
            List<SliceDetection> actual = cropped.sliceDetections().stream()
                    .filter(x -> x.slice() == 20).toList();
            // the run batched two slices, this call one: equal up to float rounding
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                SliceDetection e = expected.get(i);
                SliceDetection g = actual.get(i);
                assertTrue(e.box().iou(g.box()) > 0.9999, "box " + i);
                assertEquals(e.probability(), g.probability(), 1e-5, "probability " + i);
                assertEquals(e.mask().x0(), g.mask().x0(), "mask " + i);
                assertEquals(e.mask().y0(), g.mask().y0(), "mask " + i);
                assertEquals(e.mask().area(), g.mask().area(), 2, "mask " + i);
            }

            // the network's view of the lungs: backbone features inside the crop, 32 px or more
            // from its inner edges, within a few per cent of the whole frame's (a cut one pixel
            // off, or a channel out of place, would differ by the features' whole size)
            ParameterStore store = new ParameterStore(m, false);
            NDList a = tiny.backbone().extract(store, ImageBatch.of(m, List.of(m.create(full,
                    new Shape(5, TestScans.SIZE, TestScans.SIZE))),
                    tiny.config().transform()).tensor());
            NDList b = tiny.backbone().extract(store, ImageBatch.of(m, List.of(m.create(cut,
                    new Shape(5, w.height(), w.width()))), tiny.config().transform()).tensor());
            for (int level = 0; level < 2; level++) {
                double error = interiorRelativeError(a.get(level), b.get(level), 4 << level, w,
                        32);
                System.out.printf("lung crop: P%d relative difference %.4f%n", level + 2, error);
                assertTrue(error < (level == 0 ? 0.02 : 0.05), "P" + (level + 2) + " differs by " + error);
            }
        }
    }

    /** The window's part of a (C, H, W) stack of the whole slice. */
    private static float[] cut(float[] full, InferenceWindow frame, InferenceWindow w) {
        int channels = full.length / (frame.width() * frame.height());
        float[] out = new float[channels * w.width() * w.height()];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < w.height(); y++) {
                System.arraycopy(full, (c * frame.height() + w.y0() + y) * frame.width()
                        + w.x0(), out, (c * w.height() + y) * w.width(), w.width());
            }
        }
        return out;
    }

    /**
     * sqrt(sum (a - b)^2 / sum a^2) over the crop's feature cells at least {@code margin}
     * pixels from every crop edge that is not an image edge.
     */
    private static double interiorRelativeError(NDArray whole, NDArray crop, int stride,
            InferenceWindow w, int margin) {
        long[] ws = whole.getShape().getShape();
        long[] cs = crop.getShape().getShape();
        float[] a = whole.toFloatArray();
        float[] b = crop.toFloatArray();
        int channels = (int) ws[1];
        int wh = (int) ws[2];
        int ww = (int) ws[3];
        int ch = (int) cs[2];
        int cw = (int) cs[3];
        double num = 0;
        double den = 0;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                int px = x * stride;
                int py = y * stride;
                boolean inside = (w.x0() == 0 || px >= margin) && (w.y0() == 0 || py >= margin)
                        && (w.x0() + w.width() == w.imageWidth() || w.width() - px >= margin)
                        && (w.y0() + w.height() == w.imageHeight() || w.height() - py >= margin);
                int gx = x + w.x0() / stride;
                int gy = y + w.y0() / stride;
                if (!inside || gx >= ww || gy >= wh) {
                    continue;
                }
                for (int c = 0; c < channels; c++) {
                    double p = a[(c * wh + gy) * ww + gx];
                    double q = b[(c * ch + y) * cw + x];
                    num += (p - q) * (p - q);
                    den += p * p;
                }
            }
        }
        return Math.sqrt(num / den);
    }
}
