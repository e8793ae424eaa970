package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.ImageBatch;
import org.nodulescope.model.MaskRcnn;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.ScratchInitialisation;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.preprocess.SampleManifest;

/** Re-estimated BatchNorm statistics of the tiny model on phantom samples. */
class BatchNormStatisticsTest {

    @TempDir
    static Path dir;
    static TrainingData data;
    static boolean recording;

    @BeforeAll
    static void makeData() throws IOException {
        data = TrainingData.open(TrainingFixtures.preprocessed(dir, 5), 5);
        recording = GradMode.enabled().orElse(false);
        GradMode.set(false);
    }

    @AfterAll
    static void restoreGradMode() {
        GradMode.set(recording);
    }

    private static MaskRcnn scratchModel(NDManager m) {
        MaskRcnn model = MaskRcnn.of(Trainer.scratchConfig(MaskRcnnConfig.tiny()));
        model.initialize(m, DataType.FLOAT32);
        ScratchInitialisation.apply(model, 3);
        return model;
    }

    private static BatchLoader loader(List<SampleManifest.SampleEntry> entries) {
        return new BatchLoader(data.folder(), entries, new SampleAugmenter(Augmentation.none()),
                4, 1, false, 1);
    }

    /** P2, the finest FPN level. */
    private static float[] pyramidLevel(MaskRcnn model, NDManager m, List<PreparedSample> batch,
            boolean training) {
        try (NDManager scope = m.newSubManager()) {
            List<NDArray> images = new ArrayList<>();
            for (PreparedSample p : batch) {
                images.add(scope.create(p.image(), new Shape(p.channels(), p.height(),
                        p.width())));
            }
            ImageBatch input = ImageBatch.of(scope, images, model.config().transform());
            NDList out = model.backbone().forward(new ParameterStore(scope, false),
                    new NDList(input.tensor()), training);
            return out.get(0).toFloatArray();
        }
    }

    private static double maxRelative(float[] a, float[] b) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(b[i]));
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst / scale;
    }

    @Test
    void statisticsOfOneBatchMakeInferenceEqualTrainingModeOnIt() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = scratchModel(m);
            List<PreparedSample> batch;
            try (BatchLoader.Epoch epoch = loader(data.training()).epoch(1, 0)) {
                batch = epoch.next().samples();
            }
            float[] batchStatistics = pyramidLevel(model, m, batch, true);
            double before = maxRelative(pyramidLevel(model, m, batch, false), batchStatistics);
            int used;
            try (BatchLoader.Epoch epoch = loader(data.training()).epoch(1, 0)) {
                used = BatchNormStatistics.reestimate(model, epoch, 1);
            }
            assertEquals(1, used);
            double after = maxRelative(pyramidLevel(model, m, batch, false), batchStatistics);
            // not exact: the running variance is the unbiased one, and on this 96 px phantom
            // layer4's maps are 3 x 3, four images give 36 values (variance 1/35 larger); P2
            // carries that through the top-down path. Measured 0.016 against 1.52 before; a
            // momentum factor 10% off (0.11) leaves 0.84.
            assertTrue(after < 0.025, "inference with the measured statistics is off by "
                    + after);
            assertTrue(before > 50 * after, "the fresh statistics already fit: " + before);
        }
    }

    @Test
    void averagesTheBatchesItUses() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = scratchModel(m);
            List<NDArray> statistics = BatchNormStatistics.runningStatistics(model);
            float[][] perBatch = new float[2][];
            for (int b = 0; b < 2; b++) {
                try (BatchLoader.Epoch epoch = loader(data.training()).epoch(1, b)) {
                    BatchNormStatistics.reestimate(model, epoch, 1);
                }
                perBatch[b] = statistics.get(0).toFloatArray();
            }
            try (BatchLoader.Epoch epoch = loader(data.training()).epoch(1, 0)) {
                assertEquals(2, BatchNormStatistics.reestimate(model, epoch, 2));
            }
            float[] both = statistics.get(0).toFloatArray();
            float[] expected = new float[both.length];
            for (int i = 0; i < both.length; i++) {
                expected[i] = (perBatch[0][i] + perBatch[1][i]) / 2;
            }
            assertArrayEquals(expected, both, 1e-5f);
        }
    }

    @Test
    void aSampleThatCannotBeReadLeavesTheStatisticsAsTheyWere() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = scratchModel(m);
            List<NDArray> statistics = BatchNormStatistics.runningStatistics(model);
            assertTrue(statistics.size() > 10, "found " + statistics.size() + " statistics");
            List<float[]> before = new ArrayList<>();
            for (NDArray s : statistics) {
                before.add(s.toFloatArray());
            }
            // the first batch reads, the second names a stack that is not there
            SampleManifest.SampleEntry first = data.training().get(0);
            SampleManifest.SampleEntry missing = new SampleManifest.SampleEntry("missing",
                    first.seriesUid(), first.split(), first.centreSlice(), first.stackSlices(),
                    first.positive(), "no-such-stack.bin", first.maskFile(), first.targets());
            BatchLoader broken = new BatchLoader(data.folder(),
                    List.of(first, first, first, first, missing),
                    new SampleAugmenter(Augmentation.none()), 4, 1, false, 1);
            try (BatchLoader.Epoch epoch = broken.epoch(1, 0)) {
                assertThrows(IOException.class,
                        () -> BatchNormStatistics.reestimate(model, epoch, 2));
            }
            for (int i = 0; i < statistics.size(); i++) {
                assertArrayEquals(before.get(i), statistics.get(i).toFloatArray(), 0f);
            }
        }
    }
}
