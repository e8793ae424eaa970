package org.nodulescope.volume;

/** Number of voxels along x (columns), y (rows) and z (slices). */
public record GridSize(int x, int y, int z) {

    public GridSize {
        if (x <= 0 || y <= 0 || z <= 0) {
            throw new IllegalArgumentException(
                    "Grid size must be positive along every axis, got " + x + " x " + y + " x " + z);
        }
    }

    public long voxelCount() {
        return (long) x * y * z;
    }

    public int sliceArea() {
        return x * y;
    }

    /** Flat index of voxel {@code [z][y][x]} in a z-major, then y, then x array. */
    public int index(int ix, int iy, int iz) {
        return (iz * y + iy) * x + ix;
    }

    public boolean contains(int ix, int iy, int iz) {
        return ix >= 0 && iy >= 0 && iz >= 0 && ix < x && iy < y && iz < z;
    }

    /** Whether a continuous voxel position lies within the half-voxel margin around the grid. */
    public boolean contains(VoxelPoint p) {
        return p.x() >= -0.5 && p.y() >= -0.5 && p.z() >= -0.5
                && p.x() < x - 0.5 && p.y() < y - 0.5 && p.z() < z - 0.5;
    }

    @Override
    public String toString() {
        return x + " x " + y + " x " + z;
    }
}
