package org.nodulescope.volume;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary mask on one slice, stored as the crop {@code [x0, x0+width) x [y0, y0+height)} of an
 * image of {@code imageWidth x imageHeight} pixels ({@code bits[row * width + col]}, 1 = inside).
 * Small objects on big slices stay small in memory and on disk.
 */
public record SliceMask(int imageWidth, int imageHeight, int x0, int y0, int width, int height,
        byte[] bits) {

    public SliceMask {
        Objects.requireNonNull(bits, "bits");
        if (width < 0 || height < 0 || x0 < 0 || y0 < 0 || x0 + width > imageWidth
                || y0 + height > imageHeight) {
            throw new IllegalArgumentException("Mask crop (" + x0 + ", " + y0 + ", " + width
                    + " x " + height + ") does not fit the image " + imageWidth + " x "
                    + imageHeight);
        }
        if (bits.length != width * height) {
            throw new IllegalArgumentException(
                    "Mask crop needs " + width * height + " bits, got " + bits.length);
        }
    }

    public boolean contains(int x, int y) {
        int cx = x - x0;
        int cy = y - y0;
        return cx >= 0 && cy >= 0 && cx < width && cy < height && bits[cy * width + cx] != 0;
    }

    public int area() {
        int n = 0;
        for (byte b : bits) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    /** The tight box of the inside pixels (edge convention of {@link Box2D}); null when empty. */
    public Box2D boundingBox() {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (bits[y * width + x] != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : Box2D.ofPixels(x0 + minX, y0 + minY, x0 + maxX, y0 + maxY);
    }

    /** The full-image mask, row-major {@code [y][x]}. */
    public byte[] toImage() {
        byte[] out = new byte[imageWidth * imageHeight];
        for (int y = 0; y < height; y++) {
            System.arraycopy(bits, y * width, out, (y0 + y) * imageWidth + x0, width);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SliceMask m && imageWidth == m.imageWidth
                && imageHeight == m.imageHeight && x0 == m.x0 && y0 == m.y0
                && width == m.width && height == m.height && Arrays.equals(bits, m.bits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageWidth, imageHeight, x0, y0, width, height,
                Arrays.hashCode(bits));
    }
}
