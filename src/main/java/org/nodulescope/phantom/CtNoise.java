package org.nodulescope.phantom;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The last step of a slice: in-plane point-spread blur and CT-like noise, then rounding to int16.
 *
 * <p>White Gaussian noise is added before the blur, so the blur both softens the image and
 * correlates the noise over about a pixel, as reconstruction kernels do. The white noise is
 * scaled by {@code 1 / sum(k^2)} (k the 1D kernel) so that after the separable blur its standard
 * deviation is exactly the target. The noise is drawn on a padded frame, so its statistics are
 * the same at the image border as in the middle.
 */
final class CtNoise {

    private final int nx;
    private final int ny;
    private final int radius;
    private final float[] kernel;
    private final double whiteSigma;
    private final float[] padded;
    private final float[] rows;
    private final float[] line;

    CtNoise(int nx, int ny, double psfSigmaPx, double targetSigmaHu) {
        this.nx = nx;
        this.ny = ny;
        this.radius = psfSigmaPx < 0.2 ? 0 : (int) Math.ceil(3 * psfSigmaPx);
        this.kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int m = -radius; m <= radius; m++) {
            double v = radius == 0 ? 1 : StrictMath.exp(-0.5 * m * m / (psfSigmaPx * psfSigmaPx));
            kernel[m + radius] = (float) v;
            sum += v;
        }
        double sumSq = 0;
        for (int m = 0; m < kernel.length; m++) {
            kernel[m] = (float) (kernel[m] / sum);
            sumSq += (double) kernel[m] * kernel[m];
        }
        this.whiteSigma = targetSigmaHu / sumSq;
        int w = nx + 2 * radius;
        int h = ny + 2 * radius;
        this.padded = new float[w * h];
        this.rows = new float[nx * h];
        this.line = new float[nx];
    }

    /** Blurs {@code hu} with noise from {@code rng} into {@code out[offset ...]} as int16 HU. */
    void apply(float[] hu, SplittableRandom rng, short[] out, int offset) {
        int w = nx + 2 * radius;
        int h = ny + 2 * radius;
        float sigma = (float) whiteSigma;
        for (int py = 0; py < h; py++) {
            int sy = Math.min(ny - 1, Math.max(0, py - radius));
            int src = sy * nx;
            int dst = py * w;
            for (int px = 0; px < w; px++) {
                int sx = Math.min(nx - 1, Math.max(0, px - radius));
                float v = hu[src + sx];
                padded[dst + px] = v + sigma * (float) rng.nextGaussian();
            }
        }
        int taps = kernel.length;
        // Tap-outer loops run over contiguous memory and vectorise; each output still sums its
        // taps in the same order, so the result does not depend on how the JIT compiles it.
        Arrays.fill(rows, 0f);
        for (int py = 0; py < h; py++) {
            int base = py * w;
            int dst = py * nx;
            for (int m = 0; m < taps; m++) {
                float km = kernel[m];
                int src = base + m;
                for (int x = 0; x < nx; x++) {
                    rows[dst + x] += km * padded[src + x];
                }
            }
        }
        for (int y = 0; y < ny; y++) {
            Arrays.fill(line, 0f);
            for (int m = 0; m < taps; m++) {
                float km = kernel[m];
                int src = (y + m) * nx;
                for (int x = 0; x < nx; x++) {
                    line[x] += km * rows[src + x];
                }
            }
            int dst = offset + y * nx;
            for (int x = 0; x < nx; x++) {
                int v = Math.round(line[x]);
                out[dst + x] = (short) (v < Short.MIN_VALUE ? Short.MIN_VALUE : v > Short.MAX_VALUE ? Short.MAX_VALUE : v);
            }
        }
    }
}
