package org.nodulescope.preprocess;

import java.util.function.IntFunction;

/**
 * Builds 2.5D inputs: the slices {@code z - d .. z + d} of a volume as channels
 * ({@code d = (channels - 1) / 2}), with indices beyond the first or last slice clamped to it.
 */
public final class SliceStacker {

    private final int channels;

    /** @param channels an odd number of slices: 5 as in the paper, 3 for its baseline */
    public SliceStacker(int channels) {
        if (channels < 1 || channels % 2 == 0) {
            throw new IllegalArgumentException(
                    "A slice stack needs an odd number of slices, got " + channels);
        }
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** The slice index of each channel for a stack centred on {@code centre}. */
    public int[] sliceIndices(int centre, int sliceCount) {
        if (centre < 0 || centre >= sliceCount) {
            throw new IndexOutOfBoundsException(
                    "Centre slice " + centre + " is outside 0.." + (sliceCount - 1));
        }
        int half = channels / 2;
        int[] out = new int[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = Math.max(0, Math.min(sliceCount - 1, centre - half + c));
        }
        return out;
    }

    /**
     * The stack as {@code [channel][y * width + x]}; {@code slices} gives a prepared slice by
     * index (each index is asked once even when clamping repeats it).
     */
    public <T> T[] stack(int centre, int sliceCount, IntFunction<T> slices,
            IntFunction<T[]> arrayOf) {
        int[] idx = sliceIndices(centre, sliceCount);
        T[] out = arrayOf.apply(channels);
        for (int c = 0; c < channels; c++) {
            out[c] = c > 0 && idx[c] == idx[c - 1] ? out[c - 1] : slices.apply(idx[c]);
        }
        return out;
    }
}
