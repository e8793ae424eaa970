package org.nodulescope.model.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The hash rule agrees bit for bit with its Python twin; the expected numbers were printed by
 * {@code src/test/python/make_backbone_fixtures.py}'s {@code fnv1a64}, {@code splitmix64} and
 * {@code uniform_int} on Python integers.
 */
class DeterministicParametersTest {

    @Test
    void hashesMatchThePythonReference() {
        assertEquals(0x1ebbae8f5810b65bL, DeterministicParameters.fnv1a64("input"));
        assertEquals(0xe220a8397b1dcdafL, DeterministicParameters.splitmix64(0));
        assertEquals(-0.8043633146849236, DeterministicParameters.uniform("input", 0));
        assertEquals(0.45849061495226273,
                DeterministicParameters.uniform("backbone.body.layer1.0.conv1.weight", 4095));
    }

    @Test
    void fnvOfEmptyTextIsTheOffsetBasis() {
        assertEquals(0xCBF29CE484222325L, DeterministicParameters.fnv1a64(""));
    }

    @Test
    void uniformStaysInMinusOneToOne() {
        double min = 1;
        double max = -1;
        for (int i = 0; i < 100_000; i++) {
            double u = DeterministicParameters.uniform("range", i);
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        assertTrue(min >= -1 && min < -0.999, "min " + min);
        assertTrue(max < 1 && max > 0.999, "max " + max);
    }

    @Test
    void convolutionWeightsAreScaledByFanIn() {
        String name = "x.conv.weight";
        float[] v = DeterministicParameters.values(name, new Shape(2, 3, 3, 3));
        assertEquals(54, v.length);
        for (int i = 0; i < v.length; i++) {
            assertEquals((float) (DeterministicParameters.uniform(name, i) / Math.sqrt(27)), v[i]);
        }
    }

    @Test
    void normalisationArraysFollowTheirRules() {
        Shape c = new Shape(64);
        float[] w = DeterministicParameters.values("bn1.weight", c);
        float[] b = DeterministicParameters.values("bn1.bias", c);
        float[] m = DeterministicParameters.values("bn1.running_mean", c);
        float[] v = DeterministicParameters.values("bn1.running_var", c);
        for (int i = 0; i < 64; i++) {
            assertEquals((float) (1 + 0.1 * DeterministicParameters.uniform("bn1.weight", i)),
                    w[i]);
            assertEquals((float) (0.1 * DeterministicParameters.uniform("bn1.bias", i)), b[i]);
            assertEquals((float) (0.1 * DeterministicParameters.uniform("bn1.running_mean", i)),
                    m[i]);
            assertEquals((float) (1 + 0.5
                    * Math.abs(DeterministicParameters.uniform("bn1.running_var", i))), v[i]);
            assertTrue(v[i] >= 1 && v[i] <= 1.5);
        }
    }

    @Test
    void sameNameSameValuesOtherNameOthers() {
        Shape s = new Shape(8);
        assertArrayEquals(DeterministicParameters.values("a.bias", s),
                DeterministicParameters.values("a.bias", s));
        assertTrue(DeterministicParameters.values("a.bias", s)[0]
                != DeterministicParameters.values("b.bias", s)[0]);
    }

    @Test
    void unknownLeafIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DeterministicParameters.values("x.num_batches_tracked", new Shape(1)));
    }
}
