package org.nodulescope.model.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * The DJL operations the backbone relies on, run on the PyTorch engine: several NDArray methods
 * are declared by the API but throw on this engine, so each one we use is exercised here.
 */
class BackboneOpsSmokeTest {

    @Test
    void maxPoolWithKernelOneStrideTwoKeepsEveryOtherPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(15f).reshape(1, 1, 3, 5);
            NDArray y = Pool.maxPool2d(x, new Shape(1, 1), new Shape(2, 2), new Shape(0, 0),
                    false);
            assertEquals(new Shape(1, 1, 2, 3), y.getShape());
            assertArrayEquals(new float[] {0, 2, 4, 10, 12, 14}, y.toFloatArray());
        }
    }

    @Test
    void stemMaxPoolPadsWithMinusInfinity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-5, -4, -3, -2}).reshape(1, 1, 2, 2);
            NDArray y = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1),
                    false);
            assertEquals(new Shape(1, 1, 1, 1), y.getShape());
            assertEquals(-2f, y.getFloat());
        }
    }

    @Test
    void nearestResizeByTwoEqualsRepeat() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(24f).reshape(1, 2, 3, 4);
            NDArray y = FeaturePyramidNetwork.resizeNearest(x, 6, 8);
            NDArray expected = x.repeat(2, 2).repeat(3, 2);
            assertEquals(expected.getShape(), y.getShape());
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray());
        }
    }

    @Test
    void nearestSourcesFollowPyTorchForOddSizes() {
        // torch.nn.functional.interpolate(arange(7) as 1x1x1x7, size=(1, 13), mode="nearest")
        // picks 0 0 1 1 2 2 3 3 4 4 5 5 6.
        assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6},
                FeaturePyramidNetwork.nearestSources(7, 13));
    }

    @Test
    void frozenBatchNormIsScaleAndShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            FrozenBatchNorm bn = FrozenBatchNorm.of(2);
            bn.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            bn.getParameters().get("weight").getArray().set(new float[] {2, 3});
            bn.getParameters().get("bias").getArray().set(new float[] {0.5f, -1});
            bn.getParameters().get("running_mean").getArray().set(new float[] {1, -2});
            bn.getParameters().get("running_var").getArray().set(new float[] {4, 0.25f});
            NDArray x = m.create(new float[] {1, 3, 0, 2}).reshape(1, 2, 1, 2);
            NDArray y = bn.forward(new ParameterStore(m, false), new NDList(x), true)
                    .singletonOrThrow();
            double s0 = 2 / Math.sqrt(4 + 1e-5);
            double s1 = 3 / Math.sqrt(0.25 + 1e-5);
            float[] expected = {
                (float) ((1 - 1) * s0 + 0.5), (float) ((3 - 1) * s0 + 0.5),
                (float) ((0 + 2) * s1 - 1), (float) ((2 + 2) * s1 - 1)};
            assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
            // training=true above: the statistics must not move.
            assertArrayEquals(new float[] {1, -2},
                    bn.getParameters().get("running_mean").getArray().toFloatArray());
        }
    }
}
