package org.nodulescope.detect;

import org.nodulescope.volume.Box2D;
import org.nodulescope.volume.GridSize;
import org.nodulescope.volume.SliceMask;
import org.nodulescope.volume.VolumeMask;

/**
 * The part of each slice the network sees: the whole frame, or the lungs' bounding box over the
 * processed slices with a margin. With lung-masked input everything outside the lungs is 0, so
 * the crop drops only constant input; on a 512 x 512 chest the lungs span about 350 x 250 px,
 * a third of the pixels.
 *
 * <p>The crop's left and top edges fall on multiples of {@value #ALIGN} pixels, the stride of
 * the coarsest pyramid level (P6), so every level's grid and every anchor sit exactly where they
 * sit in the whole frame; its width and height are rounded up to multiples of {@value #MULTIPLE}
 * (the padding the model applies anyway) without leaving the image. What still differs is the
 * context beyond the crop's edges, which the margin keeps away from the lungs.
 *
 * @param x0 first column
 * @param y0 first row
 * @param width columns
 * @param height rows
 * @param imageWidth the slice's columns
 * @param imageHeight the slice's rows
 */
public record InferenceWindow(int x0, int y0, int width, int height, int imageWidth,
        int imageHeight) {

    /** Alignment of the crop's corner: the stride of P6. */
    public static final int ALIGN = 64;

    /** The crop's size is rounded up to this: the model's size divisor. */
    public static final int MULTIPLE = 32;

    public InferenceWindow {
        if (x0 < 0 || y0 < 0 || width < 1 || height < 1 || x0 + width > imageWidth
                || y0 + height > imageHeight) {
            throw new IllegalArgumentException("window (" + x0 + ", " + y0 + ", " + width + " x "
                    + height + ") does not fit a " + imageWidth + " x " + imageHeight + " slice");
        }
    }

    /** @return the whole slice */
    public static InferenceWindow wholeFrame(GridSize size) {
        return new InferenceWindow(0, 0, size.x(), size.y(), size.x(), size.y());
    }

    /**
     * The lungs' bounding box over slices {@code firstSlice..lastSlice}, widened by
     * {@code marginPx} a side, aligned and rounded as the class describes.
     *
     * @param lungs the lung mask
     * @param firstSlice first slice processed
     * @param lastSlice last slice processed
     * @param marginPx context kept around the lungs
     * @return the window; the whole frame when the lungs have no voxel in the range
     */
    public static InferenceWindow aroundLungs(VolumeMask lungs, int firstSlice, int lastSlice,
            int marginPx) {
        GridSize size = lungs.size();
        int w = size.x();
        int h = size.y();
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        byte[] v = lungs.voxels();
        for (int z = Math.max(firstSlice, 0); z <= Math.min(lastSlice, size.z() - 1); z++) {
            int base = z * size.sliceArea();
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                for (int x = 0; x < w; x++) {
                    if (v[row + x] != 0) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
        }
        if (maxX < 0) {
            return wholeFrame(size);
        }
        int[] xs = span(minX - marginPx, maxX + 1 + marginPx, w);
        int[] ys = span(minY - marginPx, maxY + 1 + marginPx, h);
        return new InferenceWindow(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0], w, h);
    }

    /** [from, to) aligned down at the start, rounded up in length, cut to [0, limit). */
    private static int[] span(int from, int to, int limit) {
        int start = Math.max(0, Math.floorDiv(from, ALIGN) * ALIGN);
        int length = Math.max(to - start, 1);
        int end = Math.min(limit, start + (length + MULTIPLE - 1) / MULTIPLE * MULTIPLE);
        return new int[] {start, end};
    }

    /** @return whether this is less than the whole slice */
    public boolean cropped() {
        return width < imageWidth || height < imageHeight;
    }

    /** @return the share of the slice's pixels inside the window */
    public double pixelShare() {
        return (double) width * height / ((double) imageWidth * imageHeight);
    }

    /** @return a box in window pixels moved to slice pixels */
    public Box2D toSlice(Box2D box) {
        return new Box2D(box.x1() + x0, box.y1() + y0, box.x2() + x0, box.y2() + y0);
    }

    /** @return a mask crop on the window moved onto the whole slice */
    public SliceMask toSlice(SliceMask mask) {
        if (mask.imageWidth() != width || mask.imageHeight() != height) {
            throw new IllegalArgumentException("mask on a " + mask.imageWidth() + " x "
                    + mask.imageHeight() + " image, but the window is " + width + " x " + height);
        }
        return new SliceMask(imageWidth, imageHeight, mask.x0() + x0, mask.y0() + y0,
                mask.width(), mask.height(), mask.bits());
    }
}
