package org.nodulescope.model.roi;

import org.nodulescope.model.box.Boxes;
import org.nodulescope.volume.SliceMask;

/**
 * Pastes an M x M mask into an image at its box, the way torchvision's
 * {@code paste_masks_in_image} (padding 1) does, on the host: the mask is padded by one zero
 * pixel per side and the box widened about its centre by (M + 2) / M to match; the widened box
 * is truncated to integers (toward zero, as a cast to int64), the padded mask resized bilinearly
 * (align_corners = false) to (y2 - y1 + 1, x2 - x1 + 1) pixels and written at (x1, y1), cut to
 * the image. The +1 is torchvision's: its pasted masks are one pixel wider than the box.
 *
 * <p>Two forms: {@link #paste} fills a whole image (what torchvision returns), {@link #pasteCrop}
 * only the widened box's pixels, which is where every set pixel lies; on a 512 x 512 slice a
 * nodule's crop is a few hundred bytes instead of 262 KB.
 */
public final class MaskPaster {

    private MaskPaster() {
    }

    /**
     * @param mask M*M probabilities, row-major
     * @param maskSize M
     * @param boxes boxes in image pixels
     * @param box which of them the mask belongs to
     * @param height image height
     * @param width image width
     * @param threshold a pixel is set when its probability is strictly above this
     * @return height*width booleans, row-major
     */
    public static boolean[] paste(float[] mask, int maskSize, Boxes boxes, int box, int height,
            int width, float threshold) {
        Placement p = Placement.of(mask, maskSize, boxes, box, height, width);
        boolean[] out = new boolean[height * width];
        for (int iy = p.fromY; iy < p.toY; iy++) {
            for (int ix = p.fromX; ix < p.toX; ix++) {
                out[iy * width + ix] = p.probability(iy, ix) > threshold;
            }
        }
        return out;
    }

    /**
     * The pasted mask as a crop of the image: the widened box cut to the image. It equals the
     * same rectangle of {@link #paste}'s result, and {@link #paste} sets no pixel outside it.
     *
     * @param mask M*M probabilities, row-major
     * @param maskSize M
     * @param boxes boxes in image pixels
     * @param box which of them the mask belongs to
     * @param height image height
     * @param width image width
     * @param threshold a pixel is set when its probability is strictly above this
     * @return the crop, possibly of zero width or height when the box lies outside the image
     */
    public static SliceMask pasteCrop(float[] mask, int maskSize, Boxes boxes, int box,
            int height,
            int width, float threshold) {
        Placement p = Placement.of(mask, maskSize, boxes, box, height, width);
        int cropWidth = Math.max(p.toX - p.fromX, 0);
        int cropHeight = Math.max(p.toY - p.fromY, 0);
        byte[] bits = new byte[cropWidth * cropHeight];
        for (int cy = 0; cy < cropHeight; cy++) {
            for (int cx = 0; cx < cropWidth; cx++) {
                if (p.probability(p.fromY + cy, p.fromX + cx) > threshold) {
                    bits[cy * cropWidth + cx] = 1;
                }
            }
        }
        // an empty crop still needs a corner inside the image
        int x0 = cropWidth == 0 ? Math.min(Math.max(p.fromX, 0), width) : p.fromX;
        int y0 = cropHeight == 0 ? Math.min(Math.max(p.fromY, 0), height) : p.fromY;
        return new SliceMask(width, height, x0, y0, cropWidth, cropHeight, bits);
    }

    /**
     * Where the padded mask lands and how it is sampled: pixels {@code [fromX, toX) x
     * [fromY, toY)} of the image are the widened box cut to the image.
     */
    private static final class Placement {
        private final float[] padded;
        private final int side;
        private final long x0;
        private final long y0;
        private final float scaleX;
        private final float scaleY;
        private final int fromX;
        private final int toX;
        private final int fromY;
        private final int toY;

        private Placement(float[] padded, int side, long x0, long y0, long x1, long y1,
                int height, int width) {
            this.padded = padded;
            this.side = side;
            this.x0 = x0;
            this.y0 = y0;
            int w = (int) Math.max(x1 - x0 + 1, 1);
            int h = (int) Math.max(y1 - y0 + 1, 1);
            scaleX = (float) side / w;
            scaleY = (float) side / h;
            fromY = (int) Math.max(y0, 0);
            toY = (int) Math.min(y1 + 1, height);
            fromX = (int) Math.max(x0, 0);
            toX = (int) Math.min(x1 + 1, width);
        }

        static Placement of(float[] mask, int maskSize, Boxes boxes, int box, int height,
                int width) {
            if (mask.length != maskSize * maskSize) {
                throw new IllegalArgumentException("paste needs an M*M mask, got "
                        + mask.length + " values for M = " + maskSize);
            }
            int side = maskSize + 2;
            float[] p = new float[side * side];
            for (int y = 0; y < maskSize; y++) {
                System.arraycopy(mask, y * maskSize, p, (y + 1) * side + 1, maskSize);
            }
            float scale = (float) side / maskSize;
            float halfW = (boxes.x1(box) - boxes.x0(box)) * 0.5f * scale;
            float halfH = (boxes.y1(box) - boxes.y0(box)) * 0.5f * scale;
            float cx = (boxes.x1(box) + boxes.x0(box)) * 0.5f;
            float cy = (boxes.y1(box) + boxes.y0(box)) * 0.5f;
            return new Placement(p, side, (long) (cx - halfW), (long) (cy - halfH),
                    (long) (cx + halfW), (long) (cy + halfH), height, width);
        }

        /**
         * The resized mask's probability at image pixel (ix, iy), computed as torch's CPU
         * {@code upsample_bilinear2d} (align_corners = false) does it, so that a pixel on the
         * threshold falls on the same side: the source coordinate in double from the float
         * scale, clamped at 0; the weights rounded to float and multiplied in float; the four
         * products summed in double and rounded once.
         */
        float probability(int iy, int ix) {
            double sy = source(iy - y0, scaleY);
            double sx = source(ix - x0, scaleX);
            int ya = (int) sy;
            int yb = ya < side - 1 ? ya + 1 : ya;
            int xa = (int) sx;
            int xb = xa < side - 1 ? xa + 1 : xa;
            float ly = (float) Math.min(sy - ya, 1.0);
            float lx = (float) Math.min(sx - xa, 1.0);
            float hy = 1f - ly;
            float hx = 1f - lx;
            float[] p = padded;
            return (float) (p[ya * side + xa] * (double) (hy * hx)
                    + p[ya * side + xb] * (double) (hy * lx)
                    + p[yb * side + xa] * (double) (ly * hx)
                    + p[yb * side + xb] * (double) (ly * lx));
        }

        /** Half-pixel source coordinate of output index {@code index}, never below 0. */
        private static double source(long index, float scale) {
            return Math.max((double) scale * (index + 0.5) - 0.5, 0.0);
        }
    }
}
