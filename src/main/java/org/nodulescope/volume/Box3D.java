package org.nodulescope.volume;

/**
 * An axis-aligned box in a volume, {@code (x1, y1, z1, x2, y2, z2)} in voxel-edge coordinates.
 *
 * <p>Same convention as {@link Box2D} extended to z: voxel {@code [k][j][i]} covers
 * {@code [i, i+1) x [j, j+1) x [k, k+1)}; the lower edges are inclusive, the upper edges
 * exclusive, so a single voxel has volume 1.
 */
public record Box3D(double x1, double y1, double z1, double x2, double y2, double z2) {

    public Box3D {
        double[] all = {x1, y1, z1, x2, y2, z2};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Box coordinates must be finite");
            }
        }
        if (x2 < x1 || y2 < y1 || z2 < z1) {
            throw new IllegalArgumentException(
                    "Box needs lower <= upper on every axis, got (" + x1 + ", " + y1 + ", " + z1
                            + ", " + x2 + ", " + y2 + ", " + z2 + ")");
        }
    }

    /** The box covering voxel index ranges {@code min..max} (inclusive) on each axis. */
    public static Box3D ofVoxels(int minX, int minY, int minZ, int maxX, int maxY, int maxZ) {
        return new Box3D(minX, minY, minZ, maxX + 1.0, maxY + 1.0, maxZ + 1.0);
    }

    public double volume() {
        return (x2 - x1) * (y2 - y1) * (z2 - z1);
    }

    /** Whether the centre of voxel {@code [k][j][i]} lies inside the box. */
    public boolean containsVoxel(int i, int j, int k) {
        return i + 0.5 >= x1 && i + 0.5 < x2 && j + 0.5 >= y1 && j + 0.5 < y2
                && k + 0.5 >= z1 && k + 0.5 < z2;
    }

    /** The in-plane footprint of this box. */
    public Box2D xy() {
        return new Box2D(x1, y1, x2, y2);
    }

    public double intersectionVolume(Box3D o) {
        double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        double d = Math.min(z2, o.z2) - Math.max(z1, o.z1);
        return w > 0 && h > 0 && d > 0 ? w * h * d : 0;
    }

    public double iou(Box3D o) {
        double inter = intersectionVolume(o);
        double union = volume() + o.volume() - inter;
        return union > 0 ? inter / union : 0;
    }
}
