package org.nodulescope.preprocess.iqa;

/**
 * Prediction of a trained epsilon support-vector regression with the RBF kernel:
 * {@code f(x) = sum_i alpha_i exp(-gamma |sv_i - x|^2) - rho}, as OpenCV's {@code cv::ml::SVM}
 * evaluates it (float differences, double sums taken four terms at a time, float kernel values,
 * double decision sum, float result).
 */
final class EpsilonSvr {

    /** OpenCV caps kernel values at this (FLT_MAX * 1e-3) so that sums cannot overflow. */
    private static final float KERNEL_CAP = (float) (Float.MAX_VALUE * 1e-3);

    private final float[][] supportVectors;
    private final double[] alpha;
    private final double rho;
    private final double gamma;

    EpsilonSvr(float[][] supportVectors, double[] alpha, double rho, double gamma) {
        if (supportVectors.length == 0 || supportVectors.length != alpha.length) {
            throw new IllegalArgumentException("SVR needs as many coefficients as support vectors, got "
                    + alpha.length + " for " + supportVectors.length);
        }
        int n = supportVectors[0].length;
        for (float[] sv : supportVectors) {
            if (sv.length != n) {
                throw new IllegalArgumentException("Support vectors differ in length");
            }
        }
        this.supportVectors = supportVectors;
        this.alpha = alpha.clone();
        this.rho = rho;
        this.gamma = gamma;
    }

    int featureCount() {
        return supportVectors[0].length;
    }

    int supportVectorCount() {
        return supportVectors.length;
    }

    float predict(float[] x) {
        if (x.length != featureCount()) {
            throw new IllegalArgumentException(
                    "Expected " + featureCount() + " features, got " + x.length);
        }
        double sum = -rho;
        for (int i = 0; i < supportVectors.length; i++) {
            sum += kernel(supportVectors[i], x) * alpha[i];
        }
        return (float) sum;
    }

    private float kernel(float[] sv, float[] x) {
        double s = 0;
        int k = 0;
        for (; k + 4 <= x.length; k += 4) {
            double t0 = sv[k] - x[k];
            double t1 = sv[k + 1] - x[k + 1];
            s += t0 * t0 + t1 * t1;
            t0 = sv[k + 2] - x[k + 2];
            t1 = sv[k + 3] - x[k + 3];
            s += t0 * t0 + t1 * t1;
        }
        for (; k < x.length; k++) {
            double t0 = sv[k] - x[k];
            s += t0 * t0;
        }
        float value = (float) Math.exp((float) (s * -gamma));
        return Math.min(value, KERNEL_CAP);
    }
}
