package org.nodulescope.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * Two steps of torch.optim.SGD(lr, momentum, weight_decay) worked by hand on a one-output linear
 * layer whose loss is its output, so that the gradient of each weight is its input value.
 */
class MomentumSgdTest {

    @Test
    void twoStepsFollowTorchsMomentumAndDecayRule() {
        float rate = 0.1f;
        float mu = 0.9f;
        float decay = 0.01f;
        float[] x = {2f, -1f};
        float w0 = 0.5f;
        try (NDManager m = NDManager.newBaseManager();
                MomentumSgd sgd = new MomentumSgd(m, rate, mu, decay)) {
            Block layer = Linear.builder().setUnits(1).optBias(false).build();
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            NDArray w = layer.getParameters().get(0).getValue().getArray();
            w.set(new float[] {w0, w0});
            NDArray input = m.create(x, new Shape(1, 2));
            float[] expected = {w0, w0};
            float[] buffer = new float[2];
            for (int step = 0; step < 2; step++) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    NDList y = layer.forward(new ParameterStore(m, false), new NDList(input),
                            true);
                    c.backward(y.singletonOrThrow().sum());
                }
                sgd.step(layer);
                for (int i = 0; i < 2; i++) {
                    float d = x[i] + decay * expected[i];
                    buffer[i] = step == 0 ? d : mu * buffer[i] + d;
                    expected[i] -= rate * buffer[i];
                }
                assertArrayEquals(expected, w.toFloatArray(), 1e-6f, "after step " + step);
                // the gradient is zeroed for the next step, as optimizer.zero_grad() would
                try (NDArray g = w.getGradient()) {
                    assertEquals(0f, g.abs().sum().getFloat());
                }
            }
        }
    }
}
