package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The two normalisation choices behave as torchvision's in training mode. */
class NormLayerTest {

    @Test
    void trainableNormUpdatesStatisticsWithTorchvisionsMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = NormLayer.TRAINABLE.create(2);
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 2, 1, 2));
            // Channel 0 holds 1, 2, 3, 4 (mean 2.5, unbiased variance 5/3); channel 1 holds 0s.
            NDArray x = m.create(new float[] {1, 2, 0, 0, 3, 4, 0, 0}).reshape(2, 2, 1, 2);
            bn.forward(new ParameterStore(m, false), new NDList(x), true);
            NDArray mean = bn.getParameters().get("runningMean").getArray();
            NDArray var = bn.getParameters().get("runningVar").getArray();
            // torch: new = 0.9 * old + 0.1 * batch, the variance unbiased.
            assertArrayEquals(new float[] {0.25f, 0f}, mean.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.9f + 0.1f * 5f / 3f, 0.9f}, var.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void frozenNormKeepsItsArraysInTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = NormLayer.FROZEN.create(2);
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 2, 1, 2));
            NDArray x = m.create(new float[] {1, 2, 0, 0, 3, 4, 0, 0}).reshape(2, 2, 1, 2);
            NDArray y = bn.forward(new ParameterStore(m, false), new NDList(x), true)
                    .singletonOrThrow();
            assertArrayEquals(new float[] {0, 0},
                    bn.getParameters().get("running_mean").getArray().toFloatArray());
            assertArrayEquals(new float[] {1, 1},
                    bn.getParameters().get("running_var").getArray().toFloatArray());
            // Identity statistics: y = x / sqrt(1 + 1e-5).
            assertEquals((float) (4 / Math.sqrt(1 + 1e-5)), y.toFloatArray()[5], 1e-7f);
            assertEquals(false, bn.getParameters().get("weight").requiresGradient());
        }
    }
}
