package org.nodulescope.model.backbone;

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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupNorm} against the definition, computed here in double precision: the forward
 * values, the gradients of input, weight and bias (by central differences of that definition),
 * and independence from the rest of the batch.
 */
class GroupNormTest {

    private static final int N = 2;
    private static final int C = 8;
    private static final int G = 4;
    private static final int H = 3;
    private static final int W = 5;

    @Test
    void normalisesEachSamplesGroupsThenScalesAndShiftsEachChannel() {
        double[] x = random(N * C * H * W, 1, 3.0);
        double[] w = random(C, 2, 1.0);
        double[] b = random(C, 3, 1.0);
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = initialised(m, w, b);
            NDArray y = gn.forward(new ParameterStore(m, false),
                    new NDList(m.create(floats(x), new Shape(N, C, H, W))), true)
                    .singletonOrThrow();
            assertArrayEquals(floats(reference(x, w, b)), y.toFloatArray(), 2e-5f);
        }
    }

    @Test
    void gradientsMatchCentralDifferencesOfTheDefinition() {
        double[] x = random(N * C * H * W, 4, 2.0);
        double[] w = random(C, 5, 1.0);
        double[] b = random(C, 6, 1.0);
        double[] r = random(N * C * H * W, 7, 1.0); // loss = sum(r * y)
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = initialised(m, w, b);
            NDArray input = m.create(floats(x), new Shape(N, C, H, W));
            input.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = gn.forward(new ParameterStore(m, false), new NDList(input), true)
                        .singletonOrThrow();
                collector.backward(y.mul(m.create(floats(r), new Shape(N, C, H, W))).sum());
            }
            float[] dx = input.getGradient().toFloatArray();
            float[] dw = gn.getParameters().get("weight").getArray().getGradient().toFloatArray();
            float[] db = gn.getParameters().get("bias").getArray().getGradient().toFloatArray();
            double h = 1e-4;
            for (int i = 0; i < x.length; i += 7) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (dot(r, reference(plus, w, b)) - dot(r, reference(minus, w, b)))
                        / (2 * h);
                assertEquals(numeric, dx[i], 1e-3, "d loss / d x[" + i + "]");
            }
            for (int c = 0; c < C; c++) {
                double[] plus = w.clone();
                double[] minus = w.clone();
                plus[c] += h;
                minus[c] -= h;
                double numericW = (dot(r, reference(x, plus, b)) - dot(r, reference(x, minus, b)))
                        / (2 * h);
                assertEquals(numericW, dw[c], 1e-3, "d loss / d weight[" + c + "]");
                double numericB = 0;
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < H * W; k++) {
                        numericB += r[(n * C + c) * H * W + k];
                    }
                }
                assertEquals(numericB, db[c], 1e-3, "d loss / d bias[" + c + "]");
            }
        }
    }

    @Test
    void aSamplesOutputDoesNotDependOnTheRestOfTheBatch() {
        double[] x = random(N * C * H * W, 8, 3.0);
        double[] w = random(C, 9, 1.0);
        double[] b = random(C, 10, 1.0);
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = initialised(m, w, b);
            ParameterStore store = new ParameterStore(m, false);
            NDArray both = m.create(floats(x), new Shape(N, C, H, W));
            float[] inBatch = gn.forward(store, new NDList(both), true).singletonOrThrow()
                    .get(0).toFloatArray();
            float[] alone = gn.forward(store, new NDList(both.get("0:1")), false)
                    .singletonOrThrow().toFloatArray();
            assertArrayEquals(inBatch, alone, 1e-6f);
        }
    }

    @Test
    void refusesGroupsThatDoNotDivideTheChannels() {
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.of(6, 4));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.of(8, 0));
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = initialised(m, new double[C], new double[C]);
            NDArray wrong = m.zeros(new Shape(1, C + 1, 2, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gn.forward(new ParameterStore(m, false), new NDList(wrong), false));
            assertTrue(e.getMessage().contains("(1, 9, 2, 2)"), e.getMessage());
        }
    }

    @Test
    void theGroupNormLayerHasTrainableAffineTermsAndNoStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            var block = NormLayer.GROUP.create(64);
            block.initialize(m, DataType.FLOAT32, new Shape(1, 64, 2, 2));
            assertEquals(java.util.List.of("weight", "bias"), block.getParameters().keys());
            assertTrue(block.getParameters().get("weight").requiresGradient());
            assertEquals(GroupNorm.DEFAULT_GROUPS, ((GroupNorm) block).groups());
        }
    }

    private static GroupNorm initialised(NDManager m, double[] w, double[] b) {
        GroupNorm gn = GroupNorm.of(C, G);
        gn.initialize(m, DataType.FLOAT32, new Shape(N, C, H, W));
        gn.getParameters().get("weight").getArray().set(floats(w));
        gn.getParameters().get("bias").getArray().set(floats(b));
        return gn;
    }

    /** The definition: per sample and group, (x - mean) / sqrt(biased var + 1e-5), then affine. */
    private static double[] reference(double[] x, double[] w, double[] b) {
        double[] y = new double[x.length];
        int per = C / G * H * W;
        for (int n = 0; n < N; n++) {
            for (int g = 0; g < G; g++) {
                int from = (n * C + g * (C / G)) * H * W;
                double mean = 0;
                for (int k = 0; k < per; k++) {
                    mean += x[from + k];
                }
                mean /= per;
                double var = 0;
                for (int k = 0; k < per; k++) {
                    var += (x[from + k] - mean) * (x[from + k] - mean);
                }
                var /= per;
                for (int k = 0; k < per; k++) {
                    int c = g * (C / G) + k / (H * W);
                    y[from + k] = (x[from + k] - mean) / Math.sqrt(var + 1e-5) * w[c] + b[c];
                }
            }
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] random(int count, long seed, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = (random.nextDouble() * 2 - 1) * scale + 0.5;
        }
        return out;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
