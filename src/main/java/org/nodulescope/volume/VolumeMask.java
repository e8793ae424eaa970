package org.nodulescope.volume;

import java.util.Objects;

/**
 * A binary mask on a voxel grid: {@code voxels[i] != 0} means inside, indexed like
 * {@link GridSize#index}. The array is shared, not copied: treat it as read-only.
 */
public record VolumeMask(GridSize size, byte[] voxels) {

    public VolumeMask {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(voxels, "voxels");
        if (voxels.length != size.voxelCount()) {
            throw new IllegalArgumentException("Mask holds " + voxels.length
                    + " voxels but the grid " + size + " needs " + size.voxelCount());
        }
    }

    public boolean contains(int x, int y, int z) {
        return voxels[size.index(x, y, z)] != 0;
    }

    public long count() {
        long n = 0;
        for (byte b : voxels) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    /** Inside voxels on one slice. */
    public int countOnSlice(int z) {
        int area = size.sliceArea();
        int n = 0;
        for (int i = z * area, end = i + area; i < end; i++) {
            if (voxels[i] != 0) {
                n++;
            }
        }
        return n;
    }

    /** Sørensen-Dice overlap with another mask on the same grid; 1 when both are empty. */
    public double dice(VolumeMask other) {
        if (!size.equals(other.size)) {
            throw new IllegalArgumentException(
                    "Masks on different grids: " + size + " and " + other.size);
        }
        long a = 0;
        long b = 0;
        long both = 0;
        byte[] o = other.voxels;
        for (int i = 0; i < voxels.length; i++) {
            boolean p = voxels[i] != 0;
            boolean q = o[i] != 0;
            if (p) {
                a++;
            }
            if (q) {
                b++;
            }
            if (p && q) {
                both++;
            }
        }
        return a + b == 0 ? 1 : 2.0 * both / (a + b);
    }

    /** The z range {@code [first, last]} of slices with at least one inside voxel, or null. */
    public int[] sliceRange() {
        int first = -1;
        int last = -1;
        for (int z = 0; z < size.z(); z++) {
            if (countOnSlice(z) > 0) {
                if (first < 0) {
                    first = z;
                }
                last = z;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }
}
