package org.nodulescope.model.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nodulescope.model.ManagerPerTest;

/** The three losses on hand-computed cases, at smooth-L1's beta and at logits that overflow exp. */
@ExtendWith(ManagerPerTest.class)
class DetectionLossesTest {

    private static final double BETA = 1.0 / 9;

    private NDManager manager;

    @BeforeEach
    void open(NDManager manager) {
        this.manager = manager;
    }

    @Test
    void smoothL1IsQuadraticUnderBetaLinearFromItAndDividedByTheSamples() {
        float beta = DetectionLosses.SMOOTH_L1_BETA;
        float[] d = {0f, 0.05f, -0.05f, beta, -beta, 1f, -2f, 0.1f};
        double expected = 0;
        for (float v : d) {
            double a = Math.abs(v);
            expected += a < BETA ? 0.5 * a * a / BETA : a - 0.5 * BETA;
        }
        NDArray loss = DetectionLosses.smoothL1(manager.create(d, new Shape(2, 4)), 5);
        assertEquals(expected / 5, loss.getFloat(), 1e-6);
        // both branches give beta / 2 at |d| = beta: the loss is continuous there
        assertEquals(0.5 * BETA, DetectionLosses.smoothL1(manager.create(new float[] {beta}), 1)
                .getFloat(), 1e-7);
        // nothing sampled: NaN, as torchvision's 0 / 0, so that a diverged run shows
        assertTrue(Float.isNaN(DetectionLosses.smoothL1(manager.create(new float[0]), 0)
                .getFloat()));
    }

    @Test
    void smoothL1GradientIsTheDifferenceOverBetaThenItsSign() {
        NDArray d = manager.create(new float[] {0.05f, -0.05f, 0.5f, -3f});
        d.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(DetectionLosses.smoothL1(d, 2));
        }
        assertArrayEquals(new float[] {(float) (0.05 / BETA / 2), (float) (-0.05 / BETA / 2),
            0.5f, -0.5f}, d.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStableWhereExpOverflows() {
        float[] x = {0f, 2f, -2f, 200f, -200f, 200f};
        float[] t = {1f, 1f, 0.25f, 1f, 1f, 0f};
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            // -t log(sigmoid x) - (1 - t) log(1 - sigmoid x), with log sigmoid in its exact form
            double logP = -Math.log1p(Math.exp(-Math.abs(x[i]))) + Math.min(x[i], 0);
            double logQ = -Math.log1p(Math.exp(-Math.abs(x[i]))) + Math.min(-x[i], 0);
            expected += -t[i] * logP - (1 - t[i]) * logQ;
        }
        NDArray loss = DetectionLosses.binaryCrossEntropyWithLogits(manager.create(x),
                manager.create(t));
        assertEquals(expected / x.length, loss.getFloat(), 1e-4);
        assertEquals(Math.log(2), DetectionLosses.binaryCrossEntropyWithLogits(
                manager.create(new float[] {0f}), manager.create(new float[] {0.7f})).getFloat(),
                1e-7);
    }

    @Test
    void crossEntropyAveragesMinusLogSoftmaxAtEachRowsClass() {
        float[] logits = {1f, 2f, 3f, 0f, 0f, 0f};
        float[] oneHot = {0f, 0f, 1f, 1f, 0f, 0f};
        double row0 = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        double row1 = Math.log(3);
        NDArray loss = DetectionLosses.crossEntropy(manager.create(logits, new Shape(2, 3)),
                manager.create(oneHot, new Shape(2, 3)));
        assertEquals((row0 + row1) / 2, loss.getFloat(), 1e-6);
        assertEquals(DataType.FLOAT32, loss.getDataType());
    }
}
