package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One op's torchvision 0.14 fixture, {@code fixtures/ops/<op>.npz}, written by
 * src/test/python/make_op_fixtures.py: named float32 and int64 arrays.
 */
public final class OpFixture {

    private final String op;
    private final Map<String, NDArray> arrays = new HashMap<>();

    private OpFixture(String op, NDList list) {
        this.op = op;
        for (NDArray array : list) {
            arrays.put(array.getName(), array);
        }
    }

    /** Loads {@code fixtures/ops/<op>.npz} into {@code manager}. */
    public static OpFixture load(NDManager manager, String op) {
        String resource = "/fixtures/ops/" + op + ".npz";
        try (InputStream in = OpFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing fixture " + resource
                        + "; run src/test/python/make_op_fixtures.py.");
            }
            return new OpFixture(op, NDList.decode(manager, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            fail("Fixture " + op + " has no array '" + name + "'; it has " + arrays.keySet());
        }
        return array;
    }

    /** Asserts same shape and |actual - expected| <= tolerance * max(1, |expected|). */
    public static void assertClose(NDArray expected, NDArray actual, double tolerance, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + ": shape");
        float[] e = expected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(a[i])) {
                continue;
            }
            double limit = tolerance * Math.max(1.0, Math.abs(e[i]));
            if (!(Math.abs(e[i] - a[i]) <= limit)) {
                fail(what + ": element " + i + " expected " + e[i] + " but was " + a[i]);
            }
        }
    }

    /** Largest |actual - expected| / max(1, |expected|), for reporting agreement. */
    public static double worstDifference(NDArray expected, NDArray actual) {
        float[] e = expected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            if (!(Float.isNaN(e[i]) && Float.isNaN(a[i]))) {
                worst = Math.max(worst, Math.abs(e[i] - a[i]) / Math.max(1.0, Math.abs(e[i])));
            }
        }
        return worst;
    }

    public static void assertSameLongs(NDArray expected, NDArray actual, String what) {
        assertArrayEquals(expected.toLongArray(),
                actual.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray(), what);
    }
}
