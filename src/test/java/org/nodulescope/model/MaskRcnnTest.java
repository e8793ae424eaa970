package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.BackboneConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;
import org.nodulescope.model.config.TransformConfig;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;
import org.nodulescope.model.roi.Detections;
import org.nodulescope.model.roi.GroundTruth;
import org.nodulescope.model.roi.RoiHeads;

/** The tiny configuration end to end: batches, no auxiliary head, training, save and load. */
class MaskRcnnTest {

    private static NDManager manager;
    private static MaskRcnn tiny;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        tiny = MaskRcnn.of(MaskRcnnConfig.tiny());
        tiny.initialize(manager, DataType.FLOAT32);
        tiny.fillDeterministic();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray image(NDManager m, String name, int height, int width) {
        return DeterministicParameters.uniformArray(m, name, new Shape(5, height, width))
                .add(1f).div(2f);
    }

    @Test
    void aBatchOfTwoSizesGivesEachImageItsOwnDetectionsInsideIt() {
        try (NDManager m = manager.newSubManager()) {
            List<Detections> both = tiny.detect(List.of(image(m, "a", 64, 64),
                    image(m, "b", 48, 80)));
            assertEquals(2, both.size());
            int[][] sizes = {{64, 64}, {48, 80}};
            for (int i = 0; i < 2; i++) {
                Detections d = both.get(i);
                assertTrue(d.size() > 0, "the flat tiny network scores everything about 0.5");
                assertTrue(d.size() <= MaskRcnnConfig.tiny().roiHeads().detectionsPerImage());
                for (int k = 0; k < d.size(); k++) {
                    float[] b = d.boxes().toArray();
                    assertTrue(b[4 * k] >= 0 && b[4 * k + 2] <= sizes[i][1]
                            && b[4 * k + 1] >= 0 && b[4 * k + 3] <= sizes[i][0], "box " + k);
                    assertTrue(d.auxProbabilities()[k] > 0 && d.auxProbabilities()[k] < 1);
                    assertEquals(0.5f * d.scores()[k] + 0.5f * d.auxProbabilities()[k],
                            d.fusedScores()[k], 1e-6f);
                }
                assertEquals(sizes[i][0], d.imageHeight());
                assertEquals(sizes[i][1], d.imageWidth());
                int cells = d.maskSize() * d.maskSize();
                assertEquals(d.size() * cells, d.maskLogits().length);
                for (int p = 0; p < d.maskLogits().length; p += 97) {
                    assertEquals(1 / (1 + Math.exp(-d.maskLogits()[p])),
                            d.maskProbabilities()[p], 1e-6);
                }
                assertArrayEquals(d.pastedMask(0, sizes[i][0], sizes[i][1]), d.pastedMask(0));
            }
            // without padding, batching does not change an image's detections
            Detections alone = tiny.detect(image(m, "a", 64, 64));
            Detections paired = tiny.detect(List.of(image(m, "a", 64, 64),
                    image(m, "c", 64, 64))).get(0);
            assertArrayEquals(alone.boxes().toArray(), paired.boxes().toArray(), 1e-4f);
            assertArrayEquals(alone.scores(), paired.scores(), 1e-5f);
        }
    }

    @Test
    void detectFreesEverythingItMade() {
        try (NDManager m = manager.newSubManager()) {
            NDArray input = image(m, "memory", 64, 64);
            tiny.detect(input);
            int caller = m.getManagedArrays().size();
            int model = manager.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                tiny.detect(input);
            }
            assertEquals(caller, m.getManagedArrays().size(), "arrays left in the caller");
            assertEquals(model, manager.getManagedArrays().size(), "arrays left in the model");
        }
    }

    @Test
    void detectionsCarryTheConfiguredMaskThreshold() {
        MaskHeadConfig head = MaskRcnnConfig.tiny().maskHead();
        MaskRcnnConfig strict = MaskRcnnConfig.tiny().withMaskHead(new MaskHeadConfig(
                head.roiSize(), head.samplingRatio(), head.convLayers(), head.convChannels(),
                head.outputSize(), 0.7));
        try (NDManager m = manager.newSubManager()) {
            MaskRcnn model = MaskRcnn.of(strict);
            model.initialize(m, DataType.FLOAT32);
            model.fillDeterministic();
            Detections d = model.detect(image(m, "threshold", 64, 64));
            assertTrue(d.size() > 0);
            assertEquals(0.7f, d.maskThreshold());
            assertEquals(0.5f, tiny.detect(image(m, "threshold", 64, 64)).maskThreshold());
        }
    }

    @Test
    void inputsThatDoNotFitAreRefusedWithTheReason() {
        try (NDManager m = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tiny.detect(m.zeros(new Shape(3, 64, 64))));
            assertTrue(e.getMessage().contains("(5, height, width)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> tiny.detect(m.zeros(new Shape(5, 64))));
        }
        assertThrows(IllegalArgumentException.class, () -> MaskRcnn.of(MaskRcnnConfig.tiny()
                .withTransform(new TransformConfig(
                        TransformConfig.inflatedImageNet(5).mean(),
                        TransformConfig.inflatedImageNet(5).std(), true, 800, 1333, 32))));
    }

    @Test
    void theBuilderTakesReadyStagesAndRefusesAConfigurationTheyDoNotMatch() {
        MaskRcnnConfig config = MaskRcnnConfig.tiny();
        MaskRcnn built = MaskRcnn.builder().setConfig(config)
                .setBackbone(ConfiguredStages.backbone(config))
                .setRpn(ConfiguredStages.rpn(config, MaskRcnn.Sampling.seeded(0).rpn()))
                .setRoiHeads(ConfiguredStages.roiHeads(config)).build();
        assertEquals(MaskRcnn.of(config).getChildren().keys(), built.getChildren().keys());
        MaskRcnnConfig withAux = config.withAux(config.aux().enabled()
                ? AuxHeadConfig.disabled() : AuxHeadConfig.paper());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskRcnn.builder().setConfig(withAux)
                        .setBackbone(ConfiguredStages.backbone(config))
                        .setRpn(ConfiguredStages.rpn(config, MaskRcnn.Sampling.seeded(0).rpn()))
                        .setRoiHeads(ConfiguredStages.roiHeads(config)).build());
        assertTrue(e.getMessage().contains("auxiliary head"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MaskRcnn.builder().setConfig(config).build());
        assertThrows(IllegalArgumentException.class, () -> RoiHeads.builder()
                .setBoxConfig(config.roiHeads()).setMaskConfig(config.maskHead()).build());
    }

    @Test
    void imageBatchNormalisesThenPadsWithZeros() {
        try (NDManager m = manager.newSubManager()) {
            TransformConfig t = TransformConfig.inflatedImageNet(5);
            ImageBatch batch = ImageBatch.of(m, List.of(m.ones(new Shape(5, 40, 33)),
                    m.zeros(new Shape(5, 20, 70))), t);
            assertEquals(new Shape(2, 5, 64, 96), batch.tensor().getShape());
            assertEquals(64, batch.sizes().paddedHeight());
            assertEquals(96, batch.sizes().paddedWidth());
            assertArrayEquals(new int[] {20, 70}, batch.sizes().perImage().get(1));
            float[] v = batch.tensor().toFloatArray();
            int plane = 64 * 96;
            // image 0, channel 3, pixel (0, 0): (1 - 0.449) / 0.226; beyond its width: 0
            assertEquals((1 - 0.449) / 0.226, v[3 * plane], 1e-6);
            assertEquals(0f, v[3 * plane + 33]);
            // image 1, channel 0, pixel (0, 0): (0 - 0.485) / 0.229; below its height: 0
            assertEquals(-0.485 / 0.229, v[5 * plane], 1e-6);
            assertEquals(0f, v[5 * plane + 20 * 96]);
        }
    }

    private static GroundTruth disc(int height, int width, float cx, float cy, float r) {
        boolean[] mask = new boolean[height * width];
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if ((x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy)
                        <= r * r) {
                    mask[y * width + x] = true;
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new GroundTruth(Boxes.of(new float[] {x0, y0, x1 + 1, y1 + 1}), new int[] {1}, height,
                width, mask);
    }

    @Test
    void withoutTheAuxiliaryHeadThereIsNoAuxLossNoAuxParametersAndFusedIsTheScore() {
        MaskRcnnConfig config = MaskRcnnConfig.tiny().withAux(AuxHeadConfig.disabled());
        try (NDManager m = manager.newSubManager()) {
            MaskRcnn model = MaskRcnn.of(config);
            model.initialize(m, DataType.FLOAT32);
            model.fillDeterministic();
            assertFalse(model.roiHeads().hasAux());
            assertTrue(TorchvisionParameterNames.of(model, "").stream()
                    .noneMatch(e -> e.name().contains("aux")));
            Detections d = model.detect(image(m, "noaux", 64, 64));
            assertTrue(d.size() > 0);
            for (int k = 0; k < d.size(); k++) {
                assertTrue(Float.isNaN(d.auxProbabilities()[k]));
                assertEquals(d.scores()[k], d.fusedScores()[k]);
            }
            TrainingLosses losses = model.losses(new ParameterStore(m, false),
                    List.of(image(m, "noaux", 64, 64)), List.of(disc(64, 64, 30, 30, 8)));
            assertEquals(List.of("loss_objectness", "loss_rpn_box_reg", "loss_classifier",
                    "loss_box_reg", "loss_mask"), List.copyOf(losses.terms().keySet()));
        }
    }

    @Test
    void totalIsTheSumWithTheAuxiliaryLossWeightedByLambda() {
        try (NDManager m = manager.newSubManager()) {
            TrainingLosses losses = tiny.losses(new ParameterStore(m, false),
                    List.of(image(m, "sum", 64, 64)), List.of(disc(64, 64, 20, 40, 6)));
            double expected = 0;
            for (Map.Entry<String, NDArray> e : losses.terms().entrySet()) {
                double weight = e.getKey().equals(RoiHeads.LOSS_AUX) ? 0.3 : 1;
                expected += weight * e.getValue().getFloat();
            }
            assertTrue(losses.terms().containsKey(RoiHeads.LOSS_AUX));
            assertEquals(expected, losses.total().getFloat(), 1e-5);
        }
    }

    @Test
    void groundTruthOfAnotherSizeIsRefused() {
        try (NDManager m = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tiny.losses(new ParameterStore(m, false),
                            List.of(image(m, "x", 64, 64)), List.of(disc(32, 32, 10, 10, 4))));
            assertTrue(e.getMessage().contains("32 x 32"), e.getMessage());
        }
    }

    @Test
    void gradientStepsOnOneBatchLowerItsLoss() {
        try (NDManager m = manager.newSubManager()) {
            // a fixed draw, so that every step sees the same sampled anchors and RoIs
            BalancedPositiveNegativeSampler.Draw first = (pool, count) ->
                    java.util.Arrays.copyOf(pool, count);
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny(),
                    new MaskRcnn.Sampling(first, first));
            model.initialize(m, DataType.FLOAT32);
            model.fillDeterministic();
            List<NDArray> images = List.of(image(m, "fit:0", 64, 64), image(m, "fit:1", 64, 64));
            List<GroundTruth> truths = List.of(disc(64, 64, 20, 24, 7), disc(64, 64, 40, 36, 9));
            List<Float> totals = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                try (NDManager s = m.newSubManager()) {
                    try (GradientCollector collector = Engine.getInstance()
                            .newGradientCollector()) {
                        List<NDArray> batch = new ArrayList<>();
                        images.forEach(x -> batch.add(x.duplicate()));
                        batch.forEach(x -> x.attach(s));
                        TrainingLosses losses =
                                model.losses(new ParameterStore(s, false), batch, truths);
                        totals.add(losses.total().getFloat());
                        collector.backward(losses.total());
                    }
                    // plain SGD, outside the recorded graph
                    for (var p : model.getParameters()) {
                        NDArray w = p.getValue().getArray();
                        if (p.getValue().requiresGradient()) {
                            NDArray update = w.getGradient().mul(0.01f);
                            w.subi(update);
                            update.close();
                        }
                    }
                }
            }
            assertTrue(totals.get(3) < totals.get(0), "loss did not fall: " + totals);
        }
    }

    @Test
    void savedAndLoadedModelDetectsTheSame(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("tiny");
        tiny.save(folder, "unit test");
        assertTrue(Files.exists(folder.resolve(ModelFolder.CONFIG)));
        try (NDManager m = manager.newSubManager()) {
            MaskRcnn loaded = MaskRcnn.load(folder, m);
            assertEquals(MaskRcnnConfig.tiny(), loaded.config());
            NDArray input = image(m, "reload", 64, 64);
            Detections a = tiny.detect(input);
            Detections b = loaded.detect(input);
            assertArrayEquals(a.boxes().toArray(), b.boxes().toArray());
            assertArrayEquals(a.scores(), b.scores());
            assertArrayEquals(a.auxProbabilities(), b.auxProbabilities());
        }
    }

    @Test
    void parametersOfAnotherShapeBehindAValidChecksumAreRefused(@TempDir Path dir)
            throws IOException {
        // a folder whose parameters come from a box head 96 wide instead of 128, with the
        // checksum rewritten to look right: only the shapes can tell
        Path folder = dir.resolve("forged");
        Path other = dir.resolve("other");
        tiny.save(folder, "tiny");
        try (NDManager m = manager.newSubManager()) {
            RoiHeadsConfig r = MaskRcnnConfig.tiny().roiHeads();
            MaskRcnn narrow = MaskRcnn.of(MaskRcnnConfig.tiny().withRoiHeads(
                    new RoiHeadsConfig(r.roiSize(), r.samplingRatio(), 96,
                            r.numClasses(), r.batchSizePerImage(), r.positiveFraction(),
                            r.fgIouThreshold(), r.bgIouThreshold(), r.boxCoderWeights(),
                            r.scoreThreshold(), r.nmsThreshold(), r.detectionsPerImage())));
            narrow.initialize(m, DataType.FLOAT32);
            narrow.save(other, "narrow");
        }
        Files.copy(other.resolve(ModelFolder.PARAMETERS), folder.resolve(ModelFolder.PARAMETERS),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String meta = Files.readString(folder.resolve(ModelFolder.METADATA));
        String forged = meta.replace(ModelFolder.readMetadata(folder).parametersSha256(),
                ModelFolder.readMetadata(other).parametersSha256());
        Files.writeString(folder.resolve(ModelFolder.METADATA), forged);
        try (NDManager m = manager.newSubManager()) {
            IOException e = assertThrows(IOException.class, () -> MaskRcnn.load(folder, m));
            assertTrue(e.getMessage().contains("gives") && e.getMessage().contains("shape"),
                    e.getMessage());
        }
    }

    @Test
    void trainableBatchNormTrainsOnBatchStatisticsAndGetsGradients() {
        BackboneConfig b = MaskRcnnConfig.tiny().backbone();
        MaskRcnnConfig config = MaskRcnnConfig.tiny().withBackbone(
                new BackboneConfig(b.depth(), b.inputChannels(), false,
                        b.fpnChannels()));
        try (NDManager m = manager.newSubManager()) {
            MaskRcnn model = MaskRcnn.of(config);
            model.initialize(m, DataType.FLOAT32);
            model.fillDeterministic();
            long trainable = model.getParameters().stream()
                    .filter(p -> p.getValue().requiresGradient()).count();
            long frozen = tiny.getParameters().stream()
                    .filter(p -> p.getValue().requiresGradient()).count();
            assertTrue(trainable > frozen, "BatchNorm scale and shift train");
            try (NDManager s = m.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingLosses losses = model.losses(new ParameterStore(s, false),
                        List.of(image(s, "bn:0", 64, 64), image(s, "bn:1", 64, 64)),
                        List.of(disc(64, 64, 20, 24, 7), disc(64, 64, 40, 36, 9)));
                assertTrue(Float.isFinite(losses.total().getFloat()));
                collector.backward(losses.total());
                int checked = 0;
                for (var p : model.getParameters()) {
                    if (p.getKey().contains("gamma") || p.getKey().contains("beta")) {
                        NDArray grad = p.getValue().getArray().getGradient();
                        assertTrue(grad.abs().sum().getFloat() > 0, p.getKey());
                        checked++;
                    }
                }
                assertEquals(trainable - frozen, checked);
            }
        }
    }

    /** Every parameter gradient of one training step, optionally after freed memory reuse. */
    private static List<float[]> gradients(boolean scribbleFirst) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            MaskRcnn model = MaskRcnn.of(MaskRcnnConfig.tiny(), MaskRcnn.Sampling.seeded(4));
            model.initialize(m, DataType.FLOAT32);
            model.fillDeterministic();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TrainingLosses losses = model.losses(new ParameterStore(m, false),
                        List.of(image(m, "gc:0", 64, 64), image(m, "gc:1", 64, 64)),
                        List.of(disc(64, 64, 20, 24, 7), disc(64, 64, 40, 36, 9)));
                if (scribbleFirst) {
                    assertTrue(FreedNativeMemory.scribble() > 0);
                }
                collector.backward(losses.total());
            }
            List<float[]> out = new ArrayList<>();
            for (var p : model.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    out.add(p.getValue().getArray().getGradient().toFloatArray());
                }
            }
            return out;
        }
    }

    @Test
    void backwardAfterFreedMemoryIsReusedGivesTheSameGradients() throws InterruptedException {
        List<float[]> plain = gradients(false);
        List<float[]> scribbled = gradients(true);
        assertEquals(plain.size(), scribbled.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), scribbled.get(i), "parameter " + i);
        }
    }
}
