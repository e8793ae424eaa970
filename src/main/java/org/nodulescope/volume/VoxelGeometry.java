package org.nodulescope.volume;

import java.util.Objects;

/**
 * Where a voxel grid sits in the world: origin, spacing and direction.
 *
 * <p>{@code world = origin + D * diag(spacing) * voxel} and its inverse
 * {@code voxel = diag(1/spacing) * inverse(D) * (world - origin)}, with {@code D} the
 * {@link Direction} matrix and voxel positions as in {@link VoxelPoint} (integer = voxel centre).
 * This class is the only place in NoduleScope that converts between the two frames. The
 * direction is always given explicitly: nothing assumes identity on the caller's behalf.
 */
public record VoxelGeometry(WorldPoint origin, Spacing spacing, Direction direction) {

    public VoxelGeometry {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(spacing, "spacing");
        Objects.requireNonNull(direction, "direction");
    }

    public VoxelPoint toVoxel(WorldPoint world) {
        double[] v = new double[3];
        direction.multiplyInverse(
                world.x() - origin.x(), world.y() - origin.y(), world.z() - origin.z(), v);
        return new VoxelPoint(v[0] / spacing.x(), v[1] / spacing.y(), v[2] / spacing.z());
    }

    public WorldPoint toWorld(VoxelPoint voxel) {
        double[] w = new double[3];
        direction.multiply(
                voxel.x() * spacing.x(), voxel.y() * spacing.y(), voxel.z() * spacing.z(), w);
        return new WorldPoint(origin.x() + w[0], origin.y() + w[1], origin.z() + w[2]);
    }

    /**
     * Length in millimetres of one step along index axis {@code axis}; equals the spacing when
     * the direction columns are unit vectors.
     */
    public double stepLengthMm(int axis) {
        double[] a = direction.axis(axis);
        double s = switch (axis) {
            case 0 -> spacing.x();
            case 1 -> spacing.y();
            case 2 -> spacing.z();
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2, got " + axis);
        };
        return s * Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
    }
}
