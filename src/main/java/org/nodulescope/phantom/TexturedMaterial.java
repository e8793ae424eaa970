package org.nodulescope.phantom;

/**
 * A fill whose HU varies around a base value with a 3D {@link ValueNoise}: the mottled look of
 * ground-glass and of solid nodules. Evaluated per pixel, so meant for small objects.
 */
final class TexturedMaterial implements Material {

    private final double baseHu;
    private final double amplitudeHu;
    private final ValueNoise noise;

    TexturedMaterial(double baseHu, double amplitudeHu, ValueNoise noise) {
        this.baseHu = baseHu;
        this.amplitudeHu = amplitudeHu;
        this.noise = noise;
    }

    @Override
    public Sampler sampler(SliceRaster r) {
        double z = r.z;
        return (i, j) -> (float) (baseHu + amplitudeHu * noise.eval(r.xs[i], r.ys[j], z));
    }
}
