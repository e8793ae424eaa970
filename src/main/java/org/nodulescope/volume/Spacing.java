package org.nodulescope.volume;

/** Distance between neighbouring voxel centres along each index axis, in millimetres. */
public record Spacing(double x, double y, double z) {

    public Spacing {
        check("x", x);
        check("y", y);
        check("z", z);
    }

    private static void check(String axis, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "Voxel spacing along " + axis + " must be a positive finite number of mm, got "
                            + value);
        }
    }

    public double voxelVolumeMm3() {
        return x * y * z;
    }
}
