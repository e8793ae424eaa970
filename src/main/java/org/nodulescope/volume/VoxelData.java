package org.nodulescope.volume;

/**
 * Voxel values in one flat array, indexed z-major then y then x (see {@link GridSize#index}).
 *
 * <p>Each implementation keeps the file's element type exactly, so a scan read and written back
 * is bit-identical. The arrays are shared, not copied: code that receives one must not modify it.
 */
public sealed interface VoxelData
        permits VoxelData.Int8, VoxelData.Int16, VoxelData.Int32, VoxelData.Float32,
                VoxelData.Float64 {

    int length();

    /** The value at a flat index, as a double (exact for every element type). */
    double get(int index);

    /** Bytes per voxel in memory. */
    int bytesPerVoxel();

    /** 8-bit integers; {@code unsigned} selects 0..255 instead of -128..127. */
    record Int8(byte[] values, boolean unsigned) implements VoxelData {
        public int length() {
            return values.length;
        }

        public double get(int i) {
            return unsigned ? values[i] & 0xFF : values[i];
        }

        public int bytesPerVoxel() {
            return 1;
        }
    }

    /** 16-bit integers; {@code unsigned} selects 0..65535 instead of -32768..32767. */
    record Int16(short[] values, boolean unsigned) implements VoxelData {
        public int length() {
            return values.length;
        }

        public double get(int i) {
            return unsigned ? values[i] & 0xFFFF : values[i];
        }

        public int bytesPerVoxel() {
            return 2;
        }
    }

    /** 32-bit integers; {@code unsigned} selects 0..2^32-1. */
    record Int32(int[] values, boolean unsigned) implements VoxelData {
        public int length() {
            return values.length;
        }

        public double get(int i) {
            return unsigned ? Integer.toUnsignedLong(values[i]) : values[i];
        }

        public int bytesPerVoxel() {
            return 4;
        }
    }

    record Float32(float[] values) implements VoxelData {
        public int length() {
            return values.length;
        }

        public double get(int i) {
            return values[i];
        }

        public int bytesPerVoxel() {
            return 4;
        }
    }

    record Float64(double[] values) implements VoxelData {
        public int length() {
            return values.length;
        }

        public double get(int i) {
            return values[i];
        }

        public int bytesPerVoxel() {
            return 8;
        }
    }
}
