package org.nodulescope.preprocess.iqa;

/**
 * Peak signal-to-noise ratio, {@code 10 log10(MAX^2 / MSE)} in decibels: the full-reference
 * metric of paper §3.4.1, comparing a windowed slice (or scan) with its CLAHE version.
 *
 * <p>Which data range: CLAHE works on the 8-bit image, so we compare the 8-bit image fed to CLAHE
 * with the 8-bit image it returns, MAX = 255 ({@link #ofLevels}). That is the same number as PSNR
 * of the two images divided by 255 with MAX = 1 ({@link #ofUnit} on {@code level / 255}) and as
 * OpenCV's {@code cv2.PSNR} on the 8-bit pair. Identical images give +infinity.
 *
 * <p>Arrays of any length are accepted: a slice gives the slice's PSNR; a whole scan (slices one
 * after another) gives the scan's PSNR from its pooled MSE, which is not the mean of its slice
 * PSNRs. Callers choose and say which.
 */
public final class Psnr {

    private Psnr() {
    }

    /** PSNR of two 8-bit images (unsigned levels), MAX = 255. */
    public static double ofLevels(byte[] original, byte[] processed) {
        checkPair(original.length, processed.length);
        double sum = 0;
        for (int i = 0; i < original.length; i++) {
            int d = (original[i] & 0xFF) - (processed[i] & 0xFF);
            sum += (double) d * d;
        }
        return fromMeanSquaredError(sum / original.length, 255);
    }

    /** PSNR of two images in [0, 1], MAX = 1. */
    public static double ofUnit(float[] original, float[] processed) {
        checkPair(original.length, processed.length);
        double sum = 0;
        for (int i = 0; i < original.length; i++) {
            double d = (double) original[i] - processed[i];
            sum += d * d;
        }
        return fromMeanSquaredError(sum / original.length, 1);
    }

    /** {@code 10 log10(max^2 / mse)}; +infinity when the error is 0. */
    public static double fromMeanSquaredError(double mse, double max) {
        if (!(mse >= 0) || !(max > 0)) {
            throw new IllegalArgumentException(
                    "PSNR needs a mean squared error >= 0 and a peak > 0, got " + mse + " and " + max);
        }
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(max * max / mse);
    }

    private static void checkPair(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException(
                    "PSNR compares images of one size, got " + a + " and " + b + " pixels");
        }
        if (a == 0) {
            throw new IllegalArgumentException("PSNR of empty images is undefined");
        }
    }
}
