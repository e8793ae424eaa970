package org.nodulescope.preprocess;

import java.util.Objects;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.Volume;
import org.nodulescope.volume.VoxelData;

/**
 * The intensity window of paper §3.2 step 1: Hounsfield units clipped to {@code [lowerHu, upperHu]}
 * and mapped linearly onto {@code [0, 1]} ({@code lowerHu -> 0}, {@code upperHu -> 1}).
 *
 * <p>All arithmetic is single precision, in this order: clip, subtract {@code lowerHu}, divide by
 * the span. The CLAHE fixtures were made by a script that does exactly the same in float32, so
 * windowed slices agree with them bit for bit.
 */
public record HuWindow(float lowerHu, float upperHu) {

    /** The paper's window, [-1000, 400] HU. */
    public static final HuWindow PAPER = new HuWindow(-1000f, 400f);

    public HuWindow {
        if (!Float.isFinite(lowerHu) || !Float.isFinite(upperHu) || !(upperHu > lowerHu)) {
            throw new IllegalArgumentException(
                    "HU window needs finite bounds with lower < upper, got [" + lowerHu + ", "
                            + upperHu + "]");
        }
    }

    /** One value in HU to [0, 1]; NaN stays NaN. */
    public float toUnit(float hu) {
        float clipped = Math.min(Math.max(hu, lowerHu), upperHu);
        return (clipped - lowerHu) / (upperHu - lowerHu);
    }

    /** A run of HU values (a slice, a volume) to [0, 1], into {@code out}; returns {@code out}. */
    public float[] toUnit(float[] hu, float[] out) {
        checkSameLength(hu.length, out.length);
        float lo = lowerHu;
        float hi = upperHu;
        float span = hi - lo;
        for (int i = 0; i < hu.length; i++) {
            out[i] = (Math.min(Math.max(hu[i], lo), hi) - lo) / span;
        }
        return out;
    }

    /** Signed 16-bit HU to [0, 1], into {@code out}; returns {@code out}. */
    public float[] toUnit(short[] hu, int from, float[] out) {
        Objects.checkFromIndexSize(from, out.length, hu.length);
        float lo = lowerHu;
        float hi = upperHu;
        float span = hi - lo;
        for (int i = 0; i < out.length; i++) {
            out[i] = (Math.min(Math.max((float) hu[from + i], lo), hi) - lo) / span;
        }
        return out;
    }

    /** One axial slice of a HU volume, windowed to [0, 1]. */
    public float[] sliceToUnit(Volume hu, int z) {
        GridSize size = hu.size();
        if (z < 0 || z >= size.z()) {
            throw new IndexOutOfBoundsException("Slice " + z + " is outside 0.." + (size.z() - 1));
        }
        float[] out = new float[size.sliceArea()];
        if (hu.data() instanceof VoxelData.Int16 s && !s.unsigned()) {
            return toUnit(s.values(), z * size.sliceArea(), out);
        }
        return toUnit(hu.sliceAsFloats(z), out);
    }

    /** The whole HU volume windowed to [0, 1], as a float volume on the same grid. */
    public Volume toUnit(Volume hu) {
        GridSize size = hu.size();
        int area = size.sliceArea();
        float[] all = new float[Math.toIntExact(size.voxelCount())];
        float[] slice = new float[area];
        for (int z = 0; z < size.z(); z++) {
            float[] windowed = hu.data() instanceof VoxelData.Int16 s && !s.unsigned()
                    ? toUnit(s.values(), z * area, slice)
                    : toUnit(hu.sliceAsFloats(z), slice);
            System.arraycopy(windowed, 0, all, z * area, area);
        }
        return new Volume(size, hu.geometry(), new VoxelData.Float32(all));
    }

    /**
     * A [0, 1] value to 8 bits the way CLAHE is fed: round half up, {@code (int) (v * 255 + 0.5)}
     * in float, after clamping to [0, 1] (NaN gives 0). Round half up rather than truncation so that
     * the 8-bit image is the nearest one to the float image; the fixture script does the same.
     */
    public static int toByteLevel(float unit) {
        if (!(unit > 0f)) {
            return 0;
        }
        if (unit >= 1f) {
            return 255;
        }
        return (int) (unit * 255f + 0.5f);
    }

    /** {@link #toByteLevel} over an array, into {@code out}; returns {@code out}. */
    public static byte[] toBytes(float[] unit, byte[] out) {
        checkSameLength(unit.length, out.length);
        for (int i = 0; i < unit.length; i++) {
            out[i] = (byte) toByteLevel(unit[i]);
        }
        return out;
    }

    /** 8-bit levels back to [0, 1] ({@code level / 255}), into {@code out}; returns {@code out}. */
    public static float[] fromBytes(byte[] levels, float[] out) {
        checkSameLength(levels.length, out.length);
        for (int i = 0; i < levels.length; i++) {
            out[i] = (levels[i] & 0xFF) / 255f;
        }
        return out;
    }

    private static void checkSameLength(int in, int out) {
        if (in != out) {
            throw new IllegalArgumentException(
                    "Input holds " + in + " values but the output array holds " + out);
        }
    }
}
