package org.nodulescope.model.rpn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.FreedNativeMemory;
import org.nodulescope.model.ParameterCounts;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.config.TopN;
import org.nodulescope.model.nd.DeterministicParameters;
import org.nodulescope.model.nd.TorchvisionParameterNames;

/**
 * Behaviour of {@link RegionProposalNetwork} beyond the torchvision fixtures: parameter counts,
 * the top-n numbers chosen by mode, images without ground truth, gradients through the losses,
 * input checks, and flat memory over many calls. Small heads (16 channels) and images keep it
 * fast.
 */
class RegionProposalNetworkTest {

    private static final ImageSizes IMAGE =
            ImageSizes.single(64, 64);

    private static RegionProposalNetwork small(TopN training,
            TopN testing) {
        return RegionProposalNetwork.builder().setAnchorGenerator(AnchorGenerator.paper())
                .setHead(RpnHead.builder().setChannels(16).setAnchorsPerLocation(9).build())
                .optTrainingTopN(training).optTestingTopN(testing)
                .optSampler(BalancedPositiveNegativeSampler.forRpn(
                        RegionProposalNetworkParityTest.IN_ORDER))
                .build();
    }

    /** Five levels of a 64 x 64 image with {@code channels} channels, from the rule. */
    private static NDList features(NDManager m, int channels) {
        int[] sides = {16, 8, 4, 2, 1};
        NDList out = new NDList();
        for (int l = 0; l < sides.length; l++) {
            out.add(DeterministicParameters.uniformArray(m, "feature:" + l,
                    new Shape(1, channels, sides[l], sides[l])));
        }
        return out;
    }

    private static RegionProposalNetwork initialised(NDManager m,
            TopN training, TopN testing) {
        RegionProposalNetwork rpn = small(training, testing);
        rpn.initialize(m, DataType.FLOAT32, new Shape(1, 16, 8, 8));
        DeterministicParameters.fill(rpn, "rpn");
        return rpn;
    }

    @Test
    void parameterCountsAreTorchvisions() throws Exception {
        JsonNode counts;
        try (InputStream in = getClass().getResourceAsStream("rpn_parity.json")) {
            counts = new ObjectMapper().readTree(in).get("parameterCounts");
        }
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork paper = RegionProposalNetwork.paper().build();
            paper.initialize(m, DataType.FLOAT32, new Shape(1, 256, 4, 4));
            assertEquals(counts.get("paper").asLong(), ParameterCounts.of(paper));
            RegionProposalNetwork reference = RegionProposalNetwork.torchvisionDefault().build();
            reference.initialize(m, DataType.FLOAT32, new Shape(1, 256, 4, 4));
            assertEquals(counts.get("torchvisionDefault").asLong(), ParameterCounts.of(reference));
            assertEquals(List.of("head.conv.0.0.weight", "head.conv.0.0.bias",
                    "head.cls_logits.weight", "head.cls_logits.bias", "head.bbox_pred.weight",
                    "head.bbox_pred.bias"), TorchvisionParameterNames.of(reference, "").stream()
                    .map(TorchvisionParameterNames.Entry::name).toList());
        }
    }

    @Test
    void topNumbersFollowTheMode() {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, new TopN(40, 7),
                    new TopN(2, 5));
            ParameterStore store = new ParameterStore(m, false);
            NDList features = features(m, 16);
            RegionProposalNetwork.Proposals training = rpn.proposals(store, features, IMAGE, true)
                    .get(0);
            assertEquals(new Shape(7, 4), training.boxes().getShape());
            assertEquals(new Shape(7), training.scores().getShape());
            // two per level over five levels, and NMS only ever removes
            RegionProposalNetwork.Proposals testing = rpn.proposals(store, features, IMAGE, false)
                    .get(0);
            assertTrue(testing.boxes().getShape().get(0) <= 5);
            float[] scores = training.scores().toFloatArray();
            float[] boxes = training.boxes().toFloatArray();
            for (int k = 0; k < scores.length; k++) {
                assertTrue(k == 0 || scores[k] <= scores[k - 1], "scores decrease");
                assertTrue(boxes[4 * k] >= 0 && boxes[4 * k + 2] <= 64 && boxes[4 * k + 1] >= 0
                        && boxes[4 * k + 3] <= 64, "clipped to the image");
                assertTrue(boxes[4 * k + 2] - boxes[4 * k] >= 1e-3f);
            }
        }
    }

    @Test
    void anImageWithoutGroundTruthIsAllBackground() {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, TopN.TRAINING,
                    TopN.PAPER_TESTING);
            ParameterStore store = new ParameterStore(m, false);
            NDList features = features(m, 16);
            Map<String, NDArray> losses = rpn.losses(store, features, IMAGE,
                    List.of(m.zeros(new Shape(0, 4))));
            assertEquals(0f, losses.get(RegionProposalNetwork.LOSS_BOX_REG).getFloat());
            // the in-order sampler takes the first 256 anchors, all with label 0
            float[] logits = rpn.predict(store, features, IMAGE, false).objectness()
                    .toFloatArray();
            double expected = 0;
            for (int a = 0; a < 256; a++) {
                expected += Math.log1p(Math.exp(logits[a]));
            }
            expected /= 256;
            float actual = losses.get(RegionProposalNetwork.LOSS_OBJECTNESS).getFloat();
            assertEquals(expected, actual, 1e-5 * expected);
        }
    }

    @Test
    void lossesCarryGradientsToTheHeadAndFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, TopN.TRAINING,
                    TopN.PAPER_TESTING);
            List<TorchvisionParameterNames.Entry> entries = TorchvisionParameterNames.of(rpn,
                    "rpn");
            ParameterStore store = new ParameterStore(m, false);
            NDList features = features(m, 16);
            features.forEach(f -> f.setRequiresGradient(true));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = rpn.losses(store, features, IMAGE,
                        List.of(m.create(new float[] {10, 12, 20, 20, 30, 30, 50, 46},
                                new Shape(2, 4))));
                assertTrue(losses.get(RegionProposalNetwork.LOSS_BOX_REG).getFloat() > 0);
                collector.backward(losses.get(RegionProposalNetwork.LOSS_OBJECTNESS)
                        .add(losses.get(RegionProposalNetwork.LOSS_BOX_REG)));
            }
            for (TorchvisionParameterNames.Entry e : entries) {
                NDArray gradient = e.parameter().getArray().getGradient();
                assertTrue(gradient.abs().sum().getFloat() > 0, e.name() + " has no gradient");
            }
            assertTrue(features.get(0).getGradient().abs().sum().getFloat() > 0);
        }
    }

    /** The feature gradient of one backward pass, optionally after a garbage collection. */
    private static float[] featureGradient(boolean collectFirst) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, TopN.TRAINING,
                    TopN.PAPER_TESTING);
            NDList features = features(m, 16);
            features.forEach(f -> f.setRequiresGradient(true));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                Map<String, NDArray> losses = rpn.losses(new ParameterStore(m, false), features,
                        IMAGE, List.of(m.create(new float[] {10, 12, 20, 20, 30, 30, 50, 46},
                                new Shape(2, 4))));
                if (collectFirst) {
                    assertTrue(FreedNativeMemory.scribble() > 0);
                }
                collector.backward(losses.get(RegionProposalNetwork.LOSS_OBJECTNESS)
                        .add(losses.get(RegionProposalNetwork.LOSS_BOX_REG)));
            }
            return features.get(0).getGradient().toFloatArray();
        }
    }

    @Test
    void backwardAfterAGarbageCollectionGivesTheSameGradient() throws InterruptedException {
        // libtorch's tensors made from Java arrays share the Java buffer; an index that backward
        // needs must not be one of them once its Java array may be collected
        assertArrayEquals(featureGradient(false), featureGradient(true));
    }

    @Test
    void oneTrainingPassGivesTheProposalsAndLossesOfTheSeparateEntryPoints() {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, new TopN(50, 20),
                    TopN.PAPER_TESTING);
            ParameterStore store = new ParameterStore(m, false);
            NDList features = features(m, 16);
            List<NDArray> gt = List.of(m.create(new float[] {10, 12, 20, 20}, new Shape(1, 4)));
            RegionProposalNetwork.TrainingOutput both = rpn.train(store, features, IMAGE, gt);
            RegionProposalNetwork.Proposals alone = rpn.proposals(store, features, IMAGE, true)
                    .get(0);
            assertEquals(new Shape(20, 4), both.proposals().get(0).boxes().getShape());
            assertArrayEquals(alone.boxes().toFloatArray(),
                    both.proposals().get(0).boxes().toFloatArray());
            assertArrayEquals(alone.scores().toFloatArray(),
                    both.proposals().get(0).scores().toFloatArray());
            Map<String, NDArray> losses = rpn.losses(store, features, IMAGE, gt);
            assertEquals(losses.keySet(), both.losses().keySet());
            for (String key : losses.keySet()) {
                assertEquals(losses.get(key).getFloat(), both.losses().get(key).getFloat(), key);
            }
        }
    }

    @Test
    void badInputsAreRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(m, TopN.TRAINING,
                    TopN.PAPER_TESTING);
            ParameterStore store = new ParameterStore(m, false);
            NDList features = features(m, 16);
            NDList four = new NDList(features.subNDList(0, 4));
            assertThrows(IllegalArgumentException.class,
                    () -> rpn.proposals(store, four, IMAGE, false));
            ImageSizes two = new ImageSizes(64, 64,
                    List.of(new int[] {64, 64}, new int[] {60, 60}));
            assertThrows(IllegalArgumentException.class,
                    () -> rpn.proposals(store, features, two, false));
            assertThrows(IllegalArgumentException.class,
                    () -> rpn.losses(store, features, IMAGE, List.of()));
            assertThrows(IllegalArgumentException.class,
                    () -> rpn.losses(store, features, IMAGE, List.of(m.zeros(new Shape(4)))));
            assertThrows(IllegalArgumentException.class,
                    () -> new ImageSizes(64, 64, List.of(new int[] {65, 9})));
            assertThrows(IllegalArgumentException.class,
                    () -> new TopN(0, 10));
            assertThrows(IllegalArgumentException.class, () -> RegionProposalNetwork.builder()
                    .setAnchorGenerator(AnchorGenerator.torchvisionDefault())
                    .setHead(RpnHead.builder().setChannels(8).setAnchorsPerLocation(9).build())
                    .build());
            assertThrows(IllegalArgumentException.class,
                    () -> RpnHead.builder().setChannels(8).build());
        }
    }

    @Test
    void manyCallsKeepTheArrayCountFlat() {
        try (NDManager model = NDManager.newBaseManager()) {
            RegionProposalNetwork rpn = initialised(model, TopN.TRAINING,
                    TopN.PAPER_TESTING);
            ParameterStore store = new ParameterStore(model, false);
            try (NDManager caller = model.newSubManager()) {
                NDList features = features(caller, 16);
                NDArray gt = caller.create(new float[] {10, 12, 20, 20}, new Shape(1, 4));
                int modelArrays = model.getManagedArrays().size();
                int callerArrays = caller.getManagedArrays().size();
                for (int i = 0; i < 100; i++) {
                    List<RegionProposalNetwork.Proposals> proposals = rpn.proposals(store,
                            features, IMAGE, false);
                    assertEquals(callerArrays + 2, caller.getManagedArrays().size(),
                            "arrays the caller holds after proposals call " + i);
                    proposals.forEach(p -> {
                        p.boxes().close();
                        p.scores().close();
                    });
                    Map<String, NDArray> losses = rpn.losses(store, features, IMAGE, List.of(gt));
                    assertEquals(callerArrays + 2, caller.getManagedArrays().size(),
                            "arrays the caller holds after losses call " + i);
                    losses.values().forEach(NDArray::close);
                    RegionProposalNetwork.TrainingOutput both = rpn.train(store, features, IMAGE,
                            List.of(gt));
                    assertEquals(callerArrays + 4, caller.getManagedArrays().size(),
                            "arrays the caller holds after training call " + i);
                    both.losses().values().forEach(NDArray::close);
                    both.proposals().forEach(p -> {
                        p.boxes().close();
                        p.scores().close();
                    });
                }
                assertEquals(callerArrays, caller.getManagedArrays().size());
                assertEquals(modelArrays, model.getManagedArrays().size());
            }
        }
    }
}
