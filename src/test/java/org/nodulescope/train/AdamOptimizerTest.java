package org.nodulescope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodulescope.model.nd.GradMode;
import org.nodulescope.model.nd.GraphSafe;

class AdamOptimizerTest {

    @TempDir
    Path dir;

    private static Parameter parameter(NDManager m, String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT)
                .optArray(m.create(values)).build();
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** Backward of sum(w * c) leaves the gradient c in w. */
    private static void gradient(NDManager m, Parameter p, float[] c) {
        try (NDManager scope = m.newSubManager();
                GradientCollector g = Engine.getInstance().newGradientCollector()) {
            NDArray coefficients = GraphSafe.owned(scope.create(c));
            g.backward(p.getArray().mul(coefficients).sum());
        }
    }

    /** torch.optim.Adam by hand, in double. */
    private static double[] reference(double[] w, double[][] grads, double lr) {
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] out = w.clone();
        for (int t = 1; t <= grads.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                out[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denominator;
            }
        }
        return out;
    }

    @Test
    void aRateFactorScalesThatStepAlone() {
        try (NDManager m = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
            Parameter p = parameter(m, "w", new float[] {1f, 2f});
            gradient(m, p, new float[] {0.5f, -2f});
            adam.step(List.of(new AdamOptimizer.Named("w", p)), 0.25);
            // Adam's first step is the rate times the gradient's sign (up to epsilon)
            assertArrayEquals(new float[] {1f - 0.0025f, 2f + 0.0025f},
                    p.getArray().toFloatArray(), 1e-7f);
            gradient(m, p, new float[] {0.5f, -2f});
            adam.step(List.of(new AdamOptimizer.Named("w", p)), 1);
            assertArrayEquals(new float[] {1f - 0.0125f, 2f + 0.0125f},
                    p.getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aStepOnAThreadThatRecordsGradientsMovesTheWeightsAndLeavesTheSwitch() {
        // every thread but the engine's starts recording: a worker's step must still work
        boolean was = GradMode.enabled().orElse(false);
        GradMode.set(true);
        try (NDManager m = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
            Parameter p = parameter(m, "w", new float[] {1f, 2f});
            gradient(m, p, new float[] {0.5f, -2f});
            GradMode.set(true);
            adam.step(List.of(new AdamOptimizer.Named("w", p)));
            assertEquals(true, GradMode.enabled().orElse(true));
            assertArrayEquals(new float[] {1f - 0.01f, 2f + 0.01f},
                    p.getArray().toFloatArray(), 1e-6f);
        } finally {
            GradMode.set(was);
        }
    }

    @Test
    void threeStepsEqualTorchsAdamAndZeroTheGradient() {
        float[][] grads = {{0.5f, -2f, 1e-3f}, {0.25f, -1f, 2f}, {-0.75f, 3f, 0f}};
        try (NDManager m = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
            Parameter p = parameter(m, "w", new float[] {1f, 2f, -3f});
            for (float[] g : grads) {
                gradient(m, p, g);
                adam.step(List.of(new AdamOptimizer.Named("w", p)));
            }
            double[][] dg = new double[3][];
            for (int t = 0; t < 3; t++) {
                dg[t] = new double[] {grads[t][0], grads[t][1], grads[t][2]};
            }
            double[] expected = reference(new double[] {1, 2, -3}, dg, 0.01);
            float[] actual = p.getArray().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], actual[i], 1e-6, "element " + i);
            }
            try (NDArray g = p.getArray().getGradient()) {
                assertArrayEquals(new float[3], g.toFloatArray());
            }
            assertEquals(3, adam.steps().get("w"));
        }
    }

    @Test
    void clippingScalesTheGradientToTheGlobalNorm() {
        try (NDManager m = NDManager.newBaseManager();
                AdamOptimizer clipped = new AdamOptimizer(AdamOptimizer.Settings.of(0.1, 1), m);
                AdamOptimizer plain = new AdamOptimizer(AdamOptimizer.Settings.of(0.1, 0), m)) {
            Parameter a = parameter(m, "a", new float[] {0f, 0f});
            Parameter b = parameter(m, "b", new float[] {0f, 0f});
            gradient(m, a, new float[] {3f, 4f});
            double norm = clipped.step(List.of(new AdamOptimizer.Named("a", a)));
            assertEquals(5, norm, 1e-6);
            gradient(m, b, new float[] {3f, 4f});
            plain.step(List.of(new AdamOptimizer.Named("b", b)));
            // Adam's first step is -lr sign(g) whatever the scale, so the second step tells:
            // a's moments hold g/5, b's hold g
            gradient(m, a, new float[] {3f, 4f});
            gradient(m, b, new float[] {3f, 4f});
            clipped.step(List.of(new AdamOptimizer.Named("a", a)));
            plain.step(List.of(new AdamOptimizer.Named("b", b)));
            double[] ra = reference(new double[] {0, 0}, new double[][] {{0.6, 0.8}, {0.6, 0.8}},
                    0.1);
            assertEquals(ra[0], a.getArray().toFloatArray()[0], 1e-6);
        }
    }

    @Test
    void aNanGradientStopsTheStepAndMovesNothing() {
        try (NDManager m = NDManager.newBaseManager();
                AdamOptimizer adam = new AdamOptimizer(AdamOptimizer.Settings.of(0.1, 0), m)) {
            Parameter p = parameter(m, "w", new float[] {1f, 2f});
            gradient(m, p, new float[] {Float.NaN, 1f});
            assertThrows(AdamOptimizer.NonFiniteGradientException.class,
                    () -> adam.step(List.of(new AdamOptimizer.Named("w", p))));
            assertArrayEquals(new float[] {1f, 2f}, p.getArray().toFloatArray());
        }
    }

    @Test
    void savedMomentsContinueAsIfNeverSaved() throws Exception {
        float[][] grads = {{0.5f, -2f}, {0.25f, -1f}, {-0.75f, 3f}};
        Path file = dir.resolve("optimizer.bin");
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter straight = parameter(m, "w", new float[] {1f, 2f});
            Parameter resumed = parameter(m, "w2", new float[] {1f, 2f});
            try (AdamOptimizer a = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
                for (float[] g : grads) {
                    gradient(m, straight, g);
                    a.step(List.of(new AdamOptimizer.Named("w", straight)));
                }
            }
            java.util.Map<String, Integer> steps;
            try (AdamOptimizer b = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
                gradient(m, resumed, grads[0]);
                b.step(List.of(new AdamOptimizer.Named("w", resumed)));
                b.save(file);
                steps = b.steps();
            }
            try (AdamOptimizer c = new AdamOptimizer(AdamOptimizer.Settings.of(0.01, 0), m)) {
                c.load(file, steps);
                for (int t = 1; t < grads.length; t++) {
                    gradient(m, resumed, grads[t]);
                    c.step(List.of(new AdamOptimizer.Named("w", resumed)));
                }
            }
            assertArrayEquals(straight.getArray().toFloatArray(),
                    resumed.getArray().toFloatArray(), 0f);
        }
    }
}
