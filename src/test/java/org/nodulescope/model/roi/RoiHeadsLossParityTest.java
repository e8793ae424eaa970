package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.MaskRcnnConfig;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.config.AuxHeadConfig;

/**
 * The training losses against torchvision 0.14's RoIHeads in training mode, fixture from
 * {@code make_roi_fixtures.py}: the same heads, features and proposals as
 * {@link RoiHeadsParityTest}, two ground-truth nodules, and sampling made deterministic (the
 * first positives and negatives in ascending index, here a random source that always draws 0).
 * Each loss within 1e-3 relative.
 */
class RoiHeadsLossParityTest {

    /** Draws 0 every time: the sampler's partial shuffle then keeps index order. */
    static final BalancedPositiveNegativeSampler.Draw FIRST_IN_ORDER =
            (pool, count) -> Arrays.copyOf(pool, count);

    private static NDManager manager;
    private static RoiHeads heads;
    private static JsonNode fixture;

    @BeforeAll
    static void buildAndFill() throws IOException {
        try (InputStream in = RoiHeadsLossParityTest.class.getResourceAsStream(
                "roi_heads_parity.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        RoiHeadsParityTest.useFixture(fixture);
        manager = NDManager.newBaseManager();
        MaskRcnnConfig paper = MaskRcnnConfig.paper();
        heads = RoiHeads.builder().setChannels(paper.backbone().fpnChannels())
                .setBoxConfig(paper.roiHeads()).setMaskConfig(paper.maskHead())
                .setAuxConfig(paper.aux()).build();
        heads.initialize(manager, DataType.FLOAT32, new Shape(1, 256, 32, 32), new Shape(1, 4));
        heads.fillDeterministic("roi_heads");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static GroundTruth groundTruth() {
        JsonNode t = fixture.get("training");
        int height = fixture.get("imageSize").get(0).asInt();
        int width = fixture.get("imageSize").get(1).asInt();
        int g = t.get("labels").size();
        float[] boxes = new float[4 * g];
        int[] labels = new int[g];
        boolean[] masks = new boolean[g * height * width];
        for (int i = 0; i < g; i++) {
            labels[i] = t.get("labels").get(i).asInt();
            for (int k = 0; k < 4; k++) {
                boxes[4 * i + k] = (float) t.get("boxes").get(i).get(k).asDouble();
            }
            for (JsonNode index : t.get("masks").get(i)) {
                masks[i * height * width + index.asInt()] = true;
            }
        }
        return new GroundTruth(Boxes.of(boxes), labels, height, width, masks);
    }

    @Test
    void lossesMatchTorchvisionAndReachTheParameters() {
        JsonNode expected = fixture.get("training").get("losses");
        try (NDManager m = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            ParameterStore store = new ParameterStore(m, false);
            List<NDArray> features = RoiHeadsParityTest.features(m);
            Map<String, NDArray> losses = heads.losses(store, features,
                    RoiHeadsParityTest.proposals(m), groundTruth(), FIRST_IN_ORDER);
            assertEquals(List.of("loss_classifier", "loss_box_reg", "loss_mask", "loss_aux"),
                    List.copyOf(losses.keySet()));
            StringBuilder report = new StringBuilder("RoiHeads losses (ours / torchvision):");
            for (Map.Entry<String, NDArray> e : losses.entrySet()) {
                double ours = e.getValue().getFloat();
                double theirs = expected.get(e.getKey()).asDouble();
                report.append(String.format(" %s %.6f / %.6f", e.getKey(), ours, theirs));
                assertEquals(theirs, ours, 1e-3 * Math.abs(theirs), e.getKey());
            }
            System.out.println(report);
            NDArray total = losses.get("loss_classifier").add(losses.get("loss_box_reg"))
                    .add(losses.get("loss_mask"))
                    .add(losses.get("loss_aux").mul((float) AuxHeadConfig.paper().lossWeight()));
            collector.backward(total);
            for (var p : heads.getParameters()) {
                NDArray grad = p.getValue().getArray().getGradient();
                assertNotNull(grad, p.getKey());
                assertTrue(grad.abs().sum().getFloat() > 0, "no gradient reaches " + p.getKey());
            }
        }
    }
}
