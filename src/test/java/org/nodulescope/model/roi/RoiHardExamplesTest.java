package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;
import org.nodulescope.model.config.AuxHeadConfig;
import org.nodulescope.model.config.MaskHeadConfig;
import org.nodulescope.model.config.RoiHeadsConfig;
import org.nodulescope.model.nd.GradMode;

/** Online hard example mining of the RoI heads' negatives. */
class RoiHardExamplesTest {

    private static NDManager manager;
    private static RoiHeads heads;

    /** Without the auxiliary head a RoI's hardness is its foreground probability alone. */
    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        heads = RoiHeads.builder().setChannels(8)
                .setBoxConfig(new RoiHeadsConfig(7, 2, 32, 2, 16, 0.25, 0.5, 0.5,
                        List.of(10.0, 10.0, 5.0, 5.0), 0.05, 0.5, 100))
                .setMaskConfig(new MaskHeadConfig(14, 2, 2, 8, 28, 0.5))
                .setAuxConfig(new AuxHeadConfig(false, 0.5, 0.3, 0.5)).build();
        heads.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 16, 16), new Shape(1, 4));
        heads.fillDeterministic("roi_heads");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static List<NDArray> features(NDManager m) {
        SplittableRandom random = new SplittableRandom(11);
        List<NDArray> levels = new ArrayList<>();
        for (int level = 0; level < 4; level++) {
            int side = 16 >> level;
            float[] values = new float[8 * side * side];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-1, 1);
            }
            levels.add(m.create(values, new Shape(1, 8, side, side)));
        }
        return levels;
    }

    /** 120 boxes scattered over a 64 x 64 image. */
    private static NDArray proposals(NDManager m) {
        SplittableRandom random = new SplittableRandom(12);
        float[] boxes = new float[120 * 4];
        for (int i = 0; i < 120; i++) {
            float x = random.nextInt(0, 48);
            float y = random.nextInt(0, 48);
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + random.nextInt(4, 16);
            boxes[4 * i + 3] = y + random.nextInt(4, 16);
        }
        return m.create(boxes, new Shape(120, 4));
    }

    private static GroundTruth truth() {
        boolean[] mask = new boolean[64 * 64];
        for (int y = 20; y < 32; y++) {
            for (int x = 20; x < 32; x++) {
                mask[y * 64 + x] = true;
            }
        }
        return new GroundTruth(Boxes.of(new float[] {20, 20, 32, 32}), new int[] {1}, 64, 64,
                mask);
    }

    private static float classifierLoss(double share) {
        try (NDManager m = manager.newSubManager()) {
            Map<String, NDArray> losses = heads.losses(new ParameterStore(m, false), features(m),
                    List.of(proposals(m)), List.of(truth()),
                    BalancedPositiveNegativeSampler.Draw.shuffle(new SplittableRandom(5)), share);
            return losses.get(RoiHeads.LOSS_CLASSIFIER).getFloat();
        }
    }

    @Test
    void theHardestNegativesCostMoreThanTheUniformDrawOfTheSameCount() {
        // the same generator draws the same positives first; then the negatives differ, and
        // those of highest foreground probability have the highest cross-entropy there is
        float uniform = classifierLoss(0);
        float hardest = classifierLoss(1);
        float half = classifierLoss(0.5);
        assertTrue(hardest > uniform, hardest + " against " + uniform);
        // half of them the hardest, the rest drawn: never more than all of them the hardest
        assertTrue(half <= hardest, half + " against " + hardest);
        assertEquals(uniform, classifierLoss(0), 0, "the uniform draw is repeatable");
    }

    @Test
    void scoringTheCandidatesRecordsNoGradientAndLeavesTheSwitchAsItWas() {
        try (NDManager m = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            assertEquals(Boolean.TRUE, GradMode.enabled().orElse(Boolean.TRUE));
            List<NDArray> features = features(m);
            Map<String, NDArray> losses = heads.losses(new ParameterStore(m, false), features,
                    List.of(proposals(m)), List.of(truth()),
                    BalancedPositiveNegativeSampler.Draw.shuffle(new SplittableRandom(5)), 1);
            assertEquals(Boolean.TRUE, GradMode.enabled().orElse(Boolean.TRUE));
            NDArray total = losses.values().stream().reduce(NDArray::add).orElseThrow();
            collector.backward(total);
            for (NDArray f : features) {
                assertEquals(m, f.getManager(), "the borrowed features are given back");
            }
        }
    }
}
