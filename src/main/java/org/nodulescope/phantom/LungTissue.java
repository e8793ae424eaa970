package org.nodulescope.phantom;

/**
 * Lung parenchyma: a base density, a smooth texture of two octaves of {@link ValueNoise}, and
 * the dependent (posterior) density gradient of a patient lying supine.
 */
final class LungTissue implements Material {

    private final double baseHu;
    private final double textureHu;
    private final ValueNoise coarse;
    private final ValueNoise fine;
    private final double yAnterior;
    private final double yPosterior;
    private final double gradientHu;

    /**
     * @param yAnterior world y where the gradient starts (the front of the lungs)
     * @param yPosterior world y where it reaches {@code gradientHu} (the back of the lungs)
     */
    LungTissue(double baseHu, double textureHu, ValueNoise coarse, ValueNoise fine,
            double yAnterior, double yPosterior, double gradientHu) {
        this.baseHu = baseHu;
        this.textureHu = textureHu;
        this.coarse = coarse;
        this.fine = fine;
        this.yAnterior = yAnterior;
        this.yPosterior = yPosterior;
        this.gradientHu = gradientHu;
    }

    @Override
    public Sampler sampler(SliceRaster r) {
        SliceTexture t1 = r.texture(coarse);
        SliceTexture t2 = r.texture(fine);
        float[] rowHu = new float[r.ny];
        for (int j = 0; j < r.ny; j++) {
            double f = (r.ys[j] - yAnterior) / (yPosterior - yAnterior);
            f = f < 0 ? 0 : f > 1 ? 1 : f;
            rowHu[j] = (float) (baseHu + gradientHu * f * f);
        }
        float a1 = (float) (textureHu * 0.7);
        float a2 = (float) (textureHu * 0.3);
        return (i, j) -> rowHu[j] + a1 * t1.at(i, j) + a2 * t2.at(i, j);
    }
}
