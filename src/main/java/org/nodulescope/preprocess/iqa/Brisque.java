package org.nodulescope.preprocess.iqa;

import java.util.Objects;

/**
 * BRISQUE, the no-reference image quality score of paper §3.4.1 (lower is better; 0 to 100),
 * reproducing {@code cv2.quality.QualityBRISQUE_compute(image, model, range)} of OpenCV contrib
 * with its LIVE model: {@link BrisqueFeatures}, scaled to [-1, 1] by the model's feature ranges,
 * fed to the RBF support-vector regression, clamped to [0, 100].
 *
 * <p>An image too flat for the fits (a constant slice, for instance: its spreads are 0/0) has NaN
 * features. OpenCV then scores it 100: its vectorised {@code exp} turns the NaN kernel values of all
 * but the last few support vectors into 0, the rest into the kernel cap, and the last six
 * coefficients of the LIVE model sum to +2048, so the prediction overflows to +infinity and is
 * clamped to 100. We return 100 for NaN features too, so that per-scan means agree with OpenCV's.
 * Call {@link BrisqueFeatures#of} to tell such images apart.
 */
public final class Brisque {

    /** The score OpenCV gives an image whose features are undefined (see the class comment). */
    public static final double UNDEFINED_FEATURES_SCORE = 100;

    private final BrisqueModel model;

    public Brisque(BrisqueModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The score of a row-major 8-bit grey image. Thread-safe. */
    public double score(byte[] levels, int width, int height) {
        return scoreOf(BrisqueFeatures.of(levels, width, height));
    }

    /** The score of features from {@link BrisqueFeatures#of}. */
    public double scoreOf(float[] features) {
        for (float f : features) {
            if (Float.isNaN(f)) {
                return UNDEFINED_FEATURES_SCORE;
            }
        }
        float predicted = model.svr().predict(model.range().scale(features));
        return Math.min(Math.max(predicted, 0f), 100f);
    }
}
