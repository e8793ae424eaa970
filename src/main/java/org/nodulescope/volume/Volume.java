package org.nodulescope.volume;

import java.util.Objects;

/**
 * A 3D scan: voxel values indexed {@code [z][y][x]} (stored flat, see {@link GridSize#index}) on a
 * grid placed in the world by its {@link VoxelGeometry}.
 *
 * <p>For CT the values are Hounsfield units; for masks they are labels. A 2D image is a volume of
 * one slice. The voxel array is shared, never copied: treat it as read-only.
 */
public record Volume(GridSize size, VoxelGeometry geometry, VoxelData data) {

    public Volume {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(data, "data");
        if (data.length() != size.voxelCount()) {
            throw new IllegalArgumentException(
                    "Voxel array holds " + data.length() + " values but the grid " + size
                            + " needs " + size.voxelCount());
        }
    }

    /** A signed 16-bit volume, the usual form of CT in Hounsfield units. */
    public static Volume ofShorts(GridSize size, VoxelGeometry geometry, short[] values) {
        return new Volume(size, geometry, new VoxelData.Int16(values, false));
    }

    public double value(int x, int y, int z) {
        return data.get(size.index(x, y, z));
    }

    /**
     * Signed 16-bit values: the array itself when stored that way, else a converted copy
     * (values rounded and clamped to the int16 range).
     */
    public short[] toShorts() {
        if (data instanceof VoxelData.Int16 s && !s.unsigned()) {
            return s.values();
        }
        short[] out = new short[data.length()];
        for (int i = 0; i < out.length; i++) {
            double v = Math.rint(data.get(i));
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
        }
        return out;
    }

    /** One axial slice as floats, row-major {@code [y][x]}. */
    public float[] sliceAsFloats(int z) {
        if (z < 0 || z >= size.z()) {
            throw new IndexOutOfBoundsException(
                    "Slice " + z + " is outside 0.." + (size.z() - 1));
        }
        int area = size.sliceArea();
        int base = z * area;
        float[] out = new float[area];
        if (data instanceof VoxelData.Int16 s && !s.unsigned()) {
            short[] v = s.values();
            for (int i = 0; i < area; i++) {
                out[i] = v[base + i];
            }
        } else {
            for (int i = 0; i < area; i++) {
                out[i] = (float) data.get(base + i);
            }
        }
        return out;
    }

    /** Whether another volume lies on exactly the same voxel grid (size and geometry). */
    public boolean sameGridAs(Volume other, double toleranceMm) {
        if (!size.equals(other.size)) {
            return false;
        }
        VoxelGeometry a = geometry;
        VoxelGeometry b = other.geometry;
        // Compare the world positions of opposite grid corners: covers origin, spacing and direction.
        VoxelPoint far = new VoxelPoint(size.x() - 1, size.y() - 1, size.z() - 1);
        VoxelPoint zero = new VoxelPoint(0, 0, 0);
        VoxelPoint[] probes = {zero, far, new VoxelPoint(size.x() - 1, 0, 0),
            new VoxelPoint(0, size.y() - 1, 0), new VoxelPoint(0, 0, size.z() - 1)};
        for (VoxelPoint p : probes) {
            if (a.toWorld(p).distanceTo(b.toWorld(p)) > toleranceMm) {
                return false;
            }
        }
        return true;
    }
}
