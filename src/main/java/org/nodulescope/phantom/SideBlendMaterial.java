package org.nodulescope.phantom;

/**
 * A fill that changes from one HU on the patient's right to another on the left over a band:
 * liver on the right under the diaphragm, spleen and stomach wall on the left.
 */
final class SideBlendMaterial implements Material {

    private final double rightHu;
    private final double leftHu;
    private final double xMid;
    private final double halfBand;

    SideBlendMaterial(double rightHu, double leftHu, double xMid, double halfBand) {
        this.rightHu = rightHu;
        this.leftHu = leftHu;
        this.xMid = xMid;
        this.halfBand = halfBand;
    }

    @Override
    public Sampler sampler(SliceRaster r) {
        float[] colHu = new float[r.nx];
        for (int i = 0; i < r.nx; i++) {
            double t = (r.xs[i] - xMid + halfBand) / (2 * halfBand);
            t = t < 0 ? 0 : t > 1 ? 1 : ValueNoise.smooth(t);
            colHu[i] = (float) (rightHu + (leftHu - rightHu) * t);
        }
        return (i, j) -> colHu[i];
    }
}
