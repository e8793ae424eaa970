package org.nodulescope.model.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A closed-form value for every parameter element, shared with the Python fixture scripts so
 * that a torchvision model and ours hold identical numbers without shipping weights.
 *
 * <p>The rule, for a parameter or buffer with torchvision name N (full dotted path as in the
 * detector's state dict, e.g. {@code backbone.body.layer1.0.conv1.weight}) and flat row-major
 * element index i (0-based):
 * <ol>
 *   <li>{@code seed = fnv1a64(UTF-8 bytes of N)}: FNV-1a, 64 bit, offset basis
 *       {@code 0xCBF29CE484222325}, prime {@code 0x100000001B3}; per byte {@code h ^= b} then
 *       {@code h *= prime} (mod 2^64).</li>
 *   <li>{@code h = splitmix64(seed + i)} (sum mod 2^64) with the usual finaliser:
 *       {@code z = x + 0x9E3779B97F4A7C15}; {@code z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9};
 *       {@code z = (z ^ (z >>> 27)) * 0x94D049BB133111EB}; {@code h = z ^ (z >>> 31)}, all mod
 *       2^64 with unsigned shifts.</li>
 *   <li>{@code u = ((h >>> 11) * 2^-53) * 2 - 1}, computed in double: uniform in [-1, 1).</li>
 *   <li>By the last path component and the rank: {@code weight} of rank >= 2 (convolution,
 *       linear): {@code u / sqrt(fan_in)}, fan_in = numel / shape[0]; {@code weight} of rank 1
 *       (normalisation scale): {@code 1 + 0.1 u}; {@code bias}: {@code 0.1 u};
 *       {@code running_mean}: {@code 0.1 u}; {@code running_var}: {@code 1 + 0.5 |u|}. Any other
 *       name is an error.</li>
 *   <li>The double is rounded once to float32.</li>
 * </ol>
 * Test inputs use {@code u} itself (rounded to float32) under the name {@code input}.
 * The Python twin is {@code src/test/python/make_backbone_fixtures.py}.
 *
 * <p>Values are defined on torchvision's shape and row-major element order, and fan_in is
 * numel / shape[0] whatever the layer (for a {@code ConvTranspose2d}, shape[0] is its input
 * channels). A block whose DJL array has another layout (the mask head's transposed convolution
 * rewritten as a 1x1 convolution) must compute the values on torchvision's shape and rearrange
 * them as its weight import does. torchvision's integer {@code num_batches_tracked} buffers are
 * not filled: no block here has them and they do not change an output.
 */
public final class DeterministicParameters {

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private DeterministicParameters() {}

    /**
     * FNV-1a 64 of the UTF-8 bytes of {@code text}.
     *
     * @param text the name
     * @return the hash, as an unsigned 64-bit value held in a long
     */
    public static long fnv1a64(String text) {
        long h = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= FNV_PRIME;
        }
        return h;
    }

    /**
     * The SplitMix64 output for state {@code x} (one step, unsigned arithmetic mod 2^64).
     *
     * @param x the state before the golden-ratio increment
     * @return the mixed value
     */
    public static long splitmix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The uniform draw u in [-1, 1) for element {@code index} of {@code name}.
     *
     * @param name torchvision name, or "input" for test inputs
     * @param index flat row-major element index
     * @return u
     */
    public static double uniform(String name, long index) {
        long h = splitmix64(fnv1a64(name) + index);
        return (h >>> 11) * 0x1.0p-53 * 2.0 - 1.0;
    }

    /**
     * The values of a parameter by the rule of the class comment.
     *
     * @param name torchvision name
     * @param shape its shape
     * @return numel values, row-major
     * @throws IllegalArgumentException for a leaf name without a rule
     */
    public static float[] values(String name, Shape shape) {
        int count = Math.toIntExact(shape.size());
        long seed = fnv1a64(name);
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        float[] out = new float[count];
        double fanIn = shape.dimension() >= 2 ? (double) count / shape.get(0) : 1;
        for (int i = 0; i < count; i++) {
            long h = splitmix64(seed + i);
            double u = (h >>> 11) * 0x1.0p-53 * 2.0 - 1.0;
            double v = switch (leaf) {
                case "weight" -> shape.dimension() >= 2 ? u / Math.sqrt(fanIn) : 1 + 0.1 * u;
                case "bias", "running_mean" -> 0.1 * u;
                case "running_var" -> 1 + 0.5 * Math.abs(u);
                default -> throw new IllegalArgumentException(
                        "no deterministic rule for parameter " + name);
            };
            out[i] = (float) v;
        }
        return out;
    }

    /**
     * Test input values: u of name {@code name}, rounded to float32.
     *
     * @param manager owner of the result
     * @param name "input" for the fixtures
     * @param shape e.g. (1, 5, 128, 128)
     * @return a float32 array
     */
    public static NDArray uniformArray(NDManager manager, String name, Shape shape) {
        int count = Math.toIntExact(shape.size());
        float[] data = new float[count];
        for (int i = 0; i < count; i++) {
            data[i] = (float) uniform(name, i);
        }
        return manager.create(data, shape);
    }

    /**
     * Overwrites every parameter and buffer of an initialised block tree with the rule.
     *
     * @param root an initialised block
     * @param prefix torchvision path of {@code root}, e.g. "backbone"
     * @return the entries filled
     * @throws IllegalStateException if the tree is not initialised
     */
    public static List<TorchvisionParameterNames.Entry> fill(Block root, String prefix) {
        List<TorchvisionParameterNames.Entry> entries = TorchvisionParameterNames.of(root, prefix);
        for (TorchvisionParameterNames.Entry e : entries) {
            if (!e.parameter().isInitialized()) {
                throw new IllegalStateException(
                        "initialise the block before filling " + e.name());
            }
            NDArray array = e.parameter().getArray();
            array.set(values(e.name(), array.getShape()));
        }
        return entries;
    }
}
