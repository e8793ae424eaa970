package org.nodulescope.preprocess.iqa;

/**
 * Bicubic resampling of a float image as OpenCV's {@code cv::resize(..., INTER_CUBIC)} does it,
 * which BRISQUE uses to make its second, half-size scale: Keys' cubic with a = -0.75, source
 * position {@code (dst + 0.5) * scale - 0.5}, edge pixels repeated beyond the border, weights and
 * sums in single precision. Separable: each needed source row is resampled across, then four
 * such rows are combined down.
 */
final class CubicResize {

    private static final float A = -0.75f;

    private CubicResize() {
    }

    static float[] resize(float[] src, int width, int height, int newWidth, int newHeight) {
        if (newWidth == width && newHeight == height) {
            return src.clone(); // OpenCV copies when the size does not change
        }
        Axis across = new Axis(width, newWidth);
        Axis down = new Axis(height, newHeight);
        float[] horizontal = new float[height * newWidth];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int outRow = y * newWidth;
            for (int x = 0; x < newWidth; x++) {
                int[] idx = across.index;
                float[] w = across.weight;
                int j = 4 * x;
                horizontal[outRow + x] = src[row + idx[j]] * w[j] + src[row + idx[j + 1]] * w[j + 1]
                        + src[row + idx[j + 2]] * w[j + 2] + src[row + idx[j + 3]] * w[j + 3];
            }
        }
        float[] out = new float[newWidth * newHeight];
        // OpenCV's vector code combines rows as s0*b0 + (s1*b1 + (s2*b2 + s3*b3)), four outputs
        // at a time; the last (width mod 4) outputs take the plain left-to-right sum.
        int vectorEnd = newWidth - newWidth % 4;
        for (int y = 0; y < newHeight; y++) {
            int j = 4 * y;
            int r0 = down.index[j] * newWidth;
            int r1 = down.index[j + 1] * newWidth;
            int r2 = down.index[j + 2] * newWidth;
            int r3 = down.index[j + 3] * newWidth;
            float b0 = down.weight[j], b1 = down.weight[j + 1];
            float b2 = down.weight[j + 2], b3 = down.weight[j + 3];
            int outRow = y * newWidth;
            for (int x = 0; x < vectorEnd; x++) {
                out[outRow + x] = horizontal[r0 + x] * b0 + (horizontal[r1 + x] * b1
                        + (horizontal[r2 + x] * b2 + horizontal[r3 + x] * b3));
            }
            for (int x = vectorEnd; x < newWidth; x++) {
                out[outRow + x] = horizontal[r0 + x] * b0 + horizontal[r1 + x] * b1
                        + horizontal[r2 + x] * b2 + horizontal[r3 + x] * b3;
            }
        }
        return out;
    }

    /** The four source indices (clamped to the image) and weights of each output position. */
    private static final class Axis {
        final int[] index;
        final float[] weight;

        Axis(int sourceLength, int targetLength) {
            index = new int[4 * targetLength];
            weight = new float[4 * targetLength];
            // The scale is the inverse of the inverse scale, as OpenCV forms it.
            double scale = 1.0 / ((double) targetLength / sourceLength);
            for (int d = 0; d < targetLength; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                float[] c = coefficients(f);
                for (int k = 0; k < 4; k++) {
                    index[4 * d + k] = Math.min(Math.max(s - 1 + k, 0), sourceLength - 1);
                    weight[4 * d + k] = c[k];
                }
            }
        }
    }

    /** Keys' cubic weights of the four taps around a fractional offset, in OpenCV's float form. */
    private static float[] coefficients(float x) {
        float c0 = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
        float c1 = ((A + 2) * x - (A + 3)) * x * x + 1;
        float c2 = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
        float c3 = 1.f - c0 - c1 - c2;
        return new float[] {c0, c1, c2, c3};
    }
}
