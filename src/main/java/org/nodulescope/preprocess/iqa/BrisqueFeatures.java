package org.nodulescope.preprocess.iqa;

/**
 * The 36 BRISQUE features of an 8-bit grey image (Mittal, Moorthy and Bovik 2012), computed the way
 * OpenCV contrib's quality module computes them, so that scores from its LIVE model carry over.
 *
 * <p>At two scales (the image, then the image resized to half its width and height, rounded down,
 * by {@link CubicResize}), with the image as floats {@code level / 255}:
 * <ol>
 *   <li>MSCN coefficients {@code (I - mu) / (sigma + 1/255)}, where {@code mu} and
 *       {@code sigma^2 + mu^2} are local means of {@code I} and {@code I^2} under
 *       {@link GaussianBlur7};</li>
 *   <li>an {@link AggdFit} of the MSCN values: its shape and the mean of the two squared spreads
 *       (2 features);</li>
 *   <li>for each neighbour direction (right, down, down-right, up-right), the products of each
 *       coefficient with its neighbour (0 where the neighbour falls outside): an AGGD fit giving
 *       shape, mean, left and right squared spread (4 x 4 features).</li>
 * </ol>
 * The features are single precision, as OpenCV stores them.
 */
public final class BrisqueFeatures {

    /** Number of features: 18 per scale. */
    public static final int COUNT = 36;

    private static final float INV_255 = (float) (1.0 / 255);
    /** Neighbour offsets as (row, column): right, down, down-right, up-right. */
    private static final int[][] SHIFTS = {{0, 1}, {1, 0}, {1, 1}, {-1, 1}};

    private BrisqueFeatures() {
    }

    /**
     * Features of a row-major 8-bit image.
     *
     * @throws IllegalArgumentException when the image is smaller than 2 x 2 (no second scale) or
     *     the array does not hold {@code width * height} levels
     */
    public static float[] of(byte[] levels, int width, int height) {
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException(
                    "BRISQUE needs an image of at least 2 x 2 pixels, got " + width + " x " + height);
        }
        if ((long) width * height != levels.length) {
            throw new IllegalArgumentException("Image holds " + levels.length + " pixels but "
                    + width + " x " + height + " needs " + (long) width * height);
        }
        float[] image = new float[levels.length];
        for (int i = 0; i < image.length; i++) {
            image[i] = (levels[i] & 0xFF) * INV_255;
        }
        float[] features = new float[COUNT];
        int at = 0;
        int w = width;
        int h = height;
        float[] scaled = image;
        for (int scale = 0; scale < 2; scale++) {
            if (scale == 1) {
                int halfWidth = width / 2;
                int halfHeight = height / 2;
                scaled = CubicResize.resize(image, width, height, halfWidth, halfHeight);
                w = halfWidth;
                h = halfHeight;
            }
            float[] mscn = mscn(scaled, w, h);
            AggdFit fit = AggdFit.of(mscn);
            features[at++] = (float) fit.gamma();
            features[at++] = (float) (fit.leftSigma() * fit.leftSigma()
                    + fit.rightSigma() * fit.rightSigma()) / 2;
            float[] products = new float[mscn.length];
            for (int[] shift : SHIFTS) {
                pairwiseProducts(mscn, w, h, shift[0], shift[1], products);
                AggdFit pairs = AggdFit.of(products);
                features[at++] = (float) pairs.gamma();
                features[at++] = (float) pairs.mean();
                features[at++] = (float) (pairs.leftSigma() * pairs.leftSigma());
                features[at++] = (float) (pairs.rightSigma() * pairs.rightSigma());
            }
        }
        return features;
    }

    /**
     * Mean-subtracted, contrast-normalised coefficients. A negative local variance from rounding
     * gives NaN, as in OpenCV; such pixels then count towards no side of the fits.
     */
    static float[] mscn(float[] image, int width, int height) {
        int n = image.length;
        float[] mu = new float[n];
        GaussianBlur7.apply(image, width, height, mu);
        float[] squares = new float[n];
        for (int i = 0; i < n; i++) {
            squares[i] = image[i] * image[i];
        }
        float[] meanOfSquares = new float[n];
        GaussianBlur7.apply(squares, width, height, meanOfSquares);
        float[] out = squares; // reuse
        for (int i = 0; i < n; i++) {
            float variance = meanOfSquares[i] - mu[i] * mu[i];
            float sigma = (float) Math.sqrt(variance) + INV_255;
            out[i] = (image[i] - mu[i]) / sigma;
        }
        return out;
    }

    private static void pairwiseProducts(float[] mscn, int width, int height, int dy, int dx,
            float[] out) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int ny = y + dy;
                int nx = x + dx;
                float neighbour = ny >= 0 && ny < height && nx >= 0 && nx < width
                        ? mscn[ny * width + nx] : 0f;
                out[y * width + x] = mscn[y * width + x] * neighbour;
            }
        }
    }
}
