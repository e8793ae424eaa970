package org.nodulescope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A reference fixture written by one of the Python scripts beside the fixtures or in
 * src/test/python: the named arrays of an {@code .npz} file (float32, float64, int64 or uint8,
 * as numpy wrote them), read into a manager. Its static helpers read JSON fixtures and their
 * shapes, for the tests that compare with torchvision.
 */
public final class Fixture {

    private final String resource;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private Fixture(String resource, NDList list) {
        this.resource = resource;
        for (NDArray array : list) {
            arrays.put(array.getName(), array);
        }
    }

    /**
     * @param manager where the arrays are made
     * @param resource class-path name, e.g. {@code /fixtures/ops/nms.npz}
     * @return the fixture's arrays
     */
    public static Fixture npz(NDManager manager, String resource) {
        try (InputStream in = open(resource)) {
            return new Fixture(resource, NDList.decode(manager, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One op's fixture, {@code /fixtures/ops/<op>.npz} (src/test/python/make_op_fixtures.py). */
    public static Fixture op(NDManager manager, String op) {
        return npz(manager, "/fixtures/ops/" + op + ".npz");
    }

    /**
     * @param resource class-path name of a JSON file
     * @return its tree
     */
    public static JsonNode json(String resource) {
        try (InputStream in = open(resource)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of dimensions, e.g. {@code [1, 256, 32, 32]}, as a shape. */
    public static Shape shapeOf(JsonNode dims) {
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).asLong();
        }
        return new Shape(shape);
    }

    private static InputStream open(String resource) {
        InputStream in = Fixture.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Missing fixture " + resource + "; its generating "
                    + "script lies beside it or in src/test/python");
        }
        return in;
    }

    /** @return the array called {@code name}; fails the test naming the arrays there are */
    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            fail("Fixture " + resource + " has no array '" + name + "'; it has "
                    + arrays.keySet());
        }
        return array;
    }

    /** @return whether the fixture holds {@code name} */
    public boolean has(String name) {
        return arrays.containsKey(name);
    }

    /** @return every array name, in the file's order */
    public Set<String> names() {
        return arrays.keySet();
    }

    /** @return {@code name} as host floats, whatever its stored type */
    public float[] floats(String name) {
        return get(name).toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** @return {@code name} as host doubles, whatever its stored type */
    public double[] doubles(String name) {
        return get(name).toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** @return {@code name} as host longs, whatever its stored integer type */
    public long[] longs(String name) {
        return get(name).toType(DataType.INT64, false).toLongArray();
    }

    /** Asserts same shape and |actual - expected| <= tolerance * max(1, |expected|). */
    public static void assertClose(NDArray expected, NDArray actual, double tolerance, String what) {
        assertEquals(expected.getShape(), actual.getShape(), what + ": shape");
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
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
        float[] e = expected.toType(DataType.FLOAT32, false).toFloatArray();
        float[] a = actual.toType(DataType.FLOAT32, false).toFloatArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            if (!(Float.isNaN(e[i]) && Float.isNaN(a[i]))) {
                worst = Math.max(worst, Math.abs(e[i] - a[i]) / Math.max(1.0, Math.abs(e[i])));
            }
        }
        return worst;
    }

    /** Asserts equal integer arrays, whatever integer type {@code actual} has. */
    public static void assertSameLongs(NDArray expected, NDArray actual, String what) {
        assertArrayEquals(expected.toLongArray(),
                actual.toType(DataType.INT64, false).toLongArray(), what);
    }
}
