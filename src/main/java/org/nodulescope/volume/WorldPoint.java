package org.nodulescope.volume;

/**
 * A position in the scan's world frame, in millimetres.
 *
 * <p>For LUNA16 and DICOM data this is the patient frame of the file (LPS for DICOM and for
 * MetaImage files written by ITK). Only {@link VoxelGeometry} converts between this frame and
 * {@link VoxelPoint}.
 */
public record WorldPoint(double x, double y, double z) {

    public WorldPoint {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException(
                    "World point must be finite, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    public double distanceTo(WorldPoint other) {
        double dx = x - other.x;
        double dy = y - other.y;
        double dz = z - other.z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
