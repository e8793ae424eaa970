package org.nodulescope.preprocess.iqa;

/**
 * The local-mean window of BRISQUE: a 7 x 7 Gaussian with sigma 7/6, applied separably (rows, then
 * columns) in single precision with edge pixels repeated beyond the border. This is what the
 * OpenCV quality module asks of {@code cv::GaussianBlur(..., Size(7, 7), 7. / 6., 0.,
 * BORDER_REPLICATE)} on float images; the taps are normalised in double, then stored as floats.
 */
final class GaussianBlur7 {

    private static final int RADIUS = 3;
    private static final float[] TAPS = taps(7.0 / 6.0);

    private GaussianBlur7() {
    }

    /** Blurs a row-major float image into {@code out} (a different array). */
    static void apply(float[] in, int width, int height, float[] out) {
        float[] rows = new float[in.length];
        float[] padded = new float[width + 2 * RADIUS];
        float k0 = TAPS[0], k1 = TAPS[1], k2 = TAPS[2], k3 = TAPS[3];
        float k4 = TAPS[4], k5 = TAPS[5], k6 = TAPS[6];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            System.arraycopy(in, row, padded, RADIUS, width);
            for (int i = 0; i < RADIUS; i++) {
                padded[i] = in[row];
                padded[RADIUS + width + i] = in[row + width - 1];
            }
            for (int x = 0; x < width; x++) {
                // Taps summed in order, as a general (non-symmetric) row filter does.
                float s = padded[x] * k0;
                s += padded[x + 1] * k1;
                s += padded[x + 2] * k2;
                s += padded[x + 3] * k3;
                s += padded[x + 4] * k4;
                s += padded[x + 5] * k5;
                s += padded[x + 6] * k6;
                rows[row + x] = s;
            }
        }
        for (int y = 0; y < height; y++) {
            int c = y * width;
            int u1 = clampRow(y - 1, height) * width;
            int d1 = clampRow(y + 1, height) * width;
            int u2 = clampRow(y - 2, height) * width;
            int d2 = clampRow(y + 2, height) * width;
            int u3 = clampRow(y - 3, height) * width;
            int d3 = clampRow(y + 3, height) * width;
            for (int x = 0; x < width; x++) {
                // The column pass uses the kernel's symmetry: centre, then mirrored pairs.
                float s = rows[c + x] * k3;
                s += (rows[u1 + x] + rows[d1 + x]) * k2;
                s += (rows[u2 + x] + rows[d2 + x]) * k1;
                s += (rows[u3 + x] + rows[d3 + x]) * k0;
                out[c + x] = s;
            }
        }
    }

    private static int clampRow(int y, int height) {
        return y < 0 ? 0 : Math.min(y, height - 1);
    }

    /** Normalised Gaussian taps: exp(-(i - 3)^2 / (2 sigma^2)) / sum, in double, then float. */
    private static float[] taps(double sigma) {
        int n = 2 * RADIUS + 1;
        double scale = -0.5 / (sigma * sigma);
        double[] t = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = i - RADIUS;
            t[i] = Math.exp(scale * d * d);
            sum += t[i];
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (t[i] / sum);
        }
        return out;
    }
}
