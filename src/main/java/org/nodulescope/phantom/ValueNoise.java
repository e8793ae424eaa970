package org.nodulescope.phantom;

/**
 * Smooth, spatially correlated 3D noise in [-1, 1]: hashed random values on a cubic lattice of
 * {@code cellMm}, blended with smoothstep weights.
 *
 * <p>A function of world position only, so a texture is continuous across slices and identical
 * whichever thread renders which slice.
 */
final class ValueNoise {

    final long seed;
    final double cellMm;

    ValueNoise(long seed, double cellMm) {
        this.seed = seed;
        this.cellMm = cellMm;
    }

    /** The lattice value at integer cell (ix, iy, iz), in [-1, 1). */
    float lattice(long ix, long iy, long iz) {
        long h = Seeds.mix(seed ^ (ix * 0x9E3779B97F4A7C15L) ^ (iy * 0xC2B2AE3D27D4EB4FL)
                ^ (iz * 0x165667B19E3779F9L));
        return (float) ((h >>> 40) * 0x1.0p-23 - 1.0);
    }

    static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    double eval(double x, double y, double z) {
        double gx = x / cellMm;
        double gy = y / cellMm;
        double gz = z / cellMm;
        long ix = (long) Math.floor(gx);
        long iy = (long) Math.floor(gy);
        long iz = (long) Math.floor(gz);
        double fx = smooth(gx - ix);
        double fy = smooth(gy - iy);
        double fz = smooth(gz - iz);
        double c00 = lerp(lattice(ix, iy, iz), lattice(ix + 1, iy, iz), fx);
        double c10 = lerp(lattice(ix, iy + 1, iz), lattice(ix + 1, iy + 1, iz), fx);
        double c01 = lerp(lattice(ix, iy, iz + 1), lattice(ix + 1, iy, iz + 1), fx);
        double c11 = lerp(lattice(ix, iy + 1, iz + 1), lattice(ix + 1, iy + 1, iz + 1), fx);
        return lerp(lerp(c00, c10, fy), lerp(c01, c11, fy), fz);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
