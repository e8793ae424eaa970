package org.nodulescope.model.roi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nodulescope.model.box.BalancedPositiveNegativeSampler;
import org.nodulescope.model.box.Boxes;

/** Empty inputs, images without ground truth and the transposed-convolution rearrangement. */
class RoiHeadsEdgeCaseTest {

    private static NDManager manager;
    private static RoiHeads heads;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        heads = SmallHeads.create();
        heads.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 16, 16), new Shape(1, 4));
        heads.fillDeterministic("roi_heads");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static List<NDArray> features(NDManager m) {
        List<NDArray> levels = new ArrayList<>();
        for (int level = 0; level < 4; level++) {
            int side = 16 >> level;
            levels.add(m.randomUniform(-1, 1, new Shape(1, 8, side, side)));
        }
        return levels;
    }

    @Test
    void noProposalsGiveNoDetections() {
        try (NDManager m = manager.newSubManager()) {
            Detections d = heads.detect(features(m), m.zeros(new Shape(0, 4)), 64, 64);
            assertEquals(0, d.size());
            assertEquals(0, d.maskProbabilities().length);
        }
    }

    @Test
    void anImageWithoutGroundTruthHasAZeroMaskLossThatStillBackpropagates() {
        GroundTruth none = new GroundTruth(Boxes.of(new float[0]), new int[0], 64, 64, new boolean[0]);
        try (NDManager m = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray proposals = m.create(new float[] {2, 3, 30, 40, 10, 10, 50, 60},
                    new Shape(2, 4));
            Map<String, NDArray> losses = heads.losses(new ParameterStore(m, false), features(m),
                    proposals, none, BalancedPositiveNegativeSampler.Draw.shuffle(
                            RandomGenerator.of("L64X128MixRandom")));
            assertEquals(0f, losses.get("loss_mask").getFloat());
            assertEquals(0f, losses.get("loss_box_reg").getFloat());
            assertTrue(losses.get("loss_classifier").getFloat() > 0);
            NDArray total = losses.values().stream().reduce(NDArray::add).orElseThrow();
            collector.backward(total);
        }
    }

    @Test
    void transposedWeightRearrangementPutsEachKernelTapInItsOwnChannel() {
        // C = 2 inputs, D = 1 output: W[c][0][i][j] = 10 c + 2 i + j
        float[] torchvision = {0, 1, 2, 3, 10, 11, 12, 13};
        float[] ours = MaskPredictor.transposedWeightToPointwise(torchvision, 2, 1);
        // row 4d + 2i + j holds (W[0][d][i][j], W[1][d][i][j])
        assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12, 3, 13}, ours);
        assertThrows(IllegalArgumentException.class,
                () -> MaskPredictor.transposedWeightToPointwise(new float[7], 2, 1));
    }
}
