package org.nodulescope.model.roi;

/**
 * Pastes an M x M mask into an image at its box, the way torchvision's
 * {@code paste_masks_in_image} (padding 1) does, on the host: the mask is padded by one zero
 * pixel per side and the box widened about its centre by (M + 2) / M to match; the widened box
 * is truncated to integers (toward zero, as a cast to int64), the padded mask resized bilinearly
 * (align_corners = false) to (y2 - y1 + 1, x2 - x1 + 1) pixels and written at (x1, y1), cut to
 * the image. The +1 is torchvision's: its pasted masks are one pixel wider than the box.
 */
public final class MaskPaster {

    private MaskPaster() {
    }

    /**
     * @param mask M*M probabilities, row-major
     * @param maskSize M
     * @param box xyxy in image pixels
     * @param height image height
     * @param width image width
     * @param threshold a pixel is set when its probability is strictly above this
     * @return height*width booleans, row-major
     */
    public static boolean[] paste(float[] mask, int maskSize, float[] box, int height,
            int width, float threshold) {
        if (mask.length != maskSize * maskSize || box.length != 4) {
            throw new IllegalArgumentException("paste needs an M*M mask and 4 box coordinates, "
                    + "got " + mask.length + " values for M = " + maskSize + " and "
                    + box.length + " coordinates");
        }
        int padded = maskSize + 2;
        float[] p = new float[padded * padded];
        for (int y = 0; y < maskSize; y++) {
            System.arraycopy(mask, y * maskSize, p, (y + 1) * padded + 1, maskSize);
        }
        float scale = (float) padded / maskSize;
        float halfW = (box[2] - box[0]) * 0.5f * scale;
        float halfH = (box[3] - box[1]) * 0.5f * scale;
        float cx = (box[2] + box[0]) * 0.5f;
        float cy = (box[3] + box[1]) * 0.5f;
        long x0 = (long) (cx - halfW);
        long y0 = (long) (cy - halfH);
        long x1 = (long) (cx + halfW);
        long y1 = (long) (cy + halfH);
        int w = (int) Math.max(x1 - x0 + 1, 1);
        int h = (int) Math.max(y1 - y0 + 1, 1);
        boolean[] out = new boolean[height * width];
        long fromY = Math.max(y0, 0);
        long toY = Math.min(y1 + 1, height);
        long fromX = Math.max(x0, 0);
        long toX = Math.min(x1 + 1, width);
        float scaleY = (float) padded / h;
        float scaleX = (float) padded / w;
        for (long iy = fromY; iy < toY; iy++) {
            // PyTorch's half-pixel source coordinate, clamped at 0 from below
            float sy = Math.max((iy - y0 + 0.5f) * scaleY - 0.5f, 0f);
            int ya = Math.min((int) sy, padded - 1);
            int yb = Math.min(ya + 1, padded - 1);
            float ly = sy - ya;
            for (long ix = fromX; ix < toX; ix++) {
                float sx = Math.max((ix - x0 + 0.5f) * scaleX - 0.5f, 0f);
                int xa = Math.min((int) sx, padded - 1);
                int xb = Math.min(xa + 1, padded - 1);
                float lx = sx - xa;
                float v = (1 - ly) * ((1 - lx) * p[ya * padded + xa] + lx * p[ya * padded + xb])
                        + ly * ((1 - lx) * p[yb * padded + xa] + lx * p[yb * padded + xb]);
                out[(int) (iy * width + ix)] = v > threshold;
            }
        }
        return out;
    }
}
