package org.nodulescope.volume;

/**
 * A continuous position in voxel index space: {@code x} along columns, {@code y} along rows,
 * {@code z} along slices.
 *
 * <p>Integer values are voxel centres (ITK convention): voxel {@code [k][j][i]} of a volume is
 * centred at {@code VoxelPoint(i, j, k)}, and the world origin of the geometry is the centre of
 * voxel {@code (0, 0, 0)}. Box coordinates ({@link Box2D}, {@link Box3D}) use pixel edges instead,
 * so a voxel-centre position {@code v} is at box coordinate {@code v + 0.5}.
 */
public record VoxelPoint(double x, double y, double z) {

    public VoxelPoint {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException(
                    "Voxel point must be finite, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    /** The nearest voxel's slice index. */
    public int nearestSlice() {
        return (int) Math.round(z);
    }
}
